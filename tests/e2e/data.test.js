// Issue 4 in the browser: the association page shows the quantitative data as
// tables and charts; an association user enters a new version of the data,
// a broken entry is refused with its JSON path next to the field and nothing
// saved; reviewers cannot enter data; another association's form does not exist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  users, YEAR, makeDatabase, startServer, launchBrowser, newPage, login, shot, cnap,
} from './lib.js';

const ASSOC_PAGE = `/c/${YEAR}/w/denshi/a/bearing`;
let server;
let db;
let chrome;
let asc;
let rev;

function versions() {
  const cycle = JSON.parse(cnap(['cycle', 'export', '--db', db, '--cycle', String(YEAR)]));
  return cycle.participations.find((p) => p.association === 'bearing').submissions.length;
}

before(async () => {
  ({ db } = makeDatabase());
  server = await startServer(db);
  chrome = await launchBrowser();
  asc = (await newPage(chrome.browser, server.base)).page;
  rev = (await newPage(chrome.browser, server.base)).page;
  await login(asc, users.association);
  await login(rev, users.reviewer);
});

after(async () => {
  await chrome.close();
  const r = await server.stop();
  assert.equal(r.code, 0, r.stderr);
});

test('the association page shows tables and charts of the survey data', async () => {
  await asc.goto(ASSOC_PAGE);
  await asc.locator('details.survey summary').click();
  assert.ok(await asc.locator('details.survey svg').count() >= 1, 'a chart');
  const tables = await asc.locator('section.survey-data').innerText();
  assert.match(tables, /進捗率/);
  assert.match(tables, /要因分析/);
  assert.match(tables, /実績の総括表/);
  await shot(asc, '30-association-survey-data');
});

test('a broken entry is refused with its JSON path, and nothing is saved', async () => {
  const before = versions();
  await asc.goto(ASSOC_PAGE);
  await asc.getByRole('link', { name: '定量データを登録' }).click();
  assert.equal((await asc.locator('h1').innerText()).trim(), '定量データの登録');
  const current = await asc.getByLabel('定量データ（JSON）').inputValue();
  const data = JSON.parse(current);
  data.series[0].energy = -5;
  await asc.getByLabel('定量データ（JSON）').fill(JSON.stringify(data, null, 2));
  await asc.getByRole('button', { name: /調査票 第2版/ }).click();
  const error = await asc.locator('#data-error').innerText();
  assert.match(error, /\$\.series\[0\]\.energy/);
  await shot(asc, '31-data-error');
  assert.equal(versions(), before, 'nothing saved');
});

test('a valid entry becomes version 2 and the figures follow it', async () => {
  await asc.goto(`${ASSOC_PAGE}/data`);
  const data = JSON.parse(await asc.getByLabel('定量データ（JSON）').inputValue());
  const row = data.series.find((r) => r.year === 2022);
  row.co2 = Math.round(row.co2 * 0.9 * 100) / 100;
  await asc.getByLabel('定量データ（JSON）').fill(JSON.stringify(data));
  await asc.getByLabel('提出日').fill('2023-11-02');
  await asc.getByRole('button', { name: /調査票 第2版/ }).click();
  await asc.waitForURL(`**${ASSOC_PAGE}?msg=data_saved`);
  assert.match(await asc.locator('.notice, [role=status]').first().innerText(), /定量データを新しい版として登録しました/);
  assert.match(await asc.locator('details.survey summary').innerText(), /第2版/);
  const calc = JSON.parse(cnap(['calc', '--db', db, '--cycle', String(YEAR), '--association', 'bearing', '--json']));
  assert.equal(calc[0].submission_version, 2);
});

test('reviewers read the data but cannot enter it; other associations cannot see the form', async () => {
  await rev.goto(ASSOC_PAGE);
  assert.equal(await rev.getByRole('link', { name: '定量データを登録' }).count(), 0);
  const resp = await rev.goto(`${ASSOC_PAGE}/data`);
  assert.equal(resp.status(), 403);
  const other = (await newPage(chrome.browser, server.base)).page;
  await login(other, users.other);
  const r2 = await other.goto(`${ASSOC_PAGE}/data`);
  assert.equal(r2.status(), 404);
});
