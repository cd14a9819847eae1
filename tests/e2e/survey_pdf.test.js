// Issue 12 item 3 in the browser: the association page offers the printed 調査票 as a PDF; the page map
// screen shows where each item begins; the association uploads its own finished PDF as the version's
// document of record (a broken file is refused beside the file field, nothing saved); a heading that
// was not found gets its page typed in and saved; the download then gives the association's file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  users, YEAR, makeDatabase, startServer, launchBrowser, newPage, login, shot, cnap,
} from './lib.js';

const ASSOC_PAGE = `/c/${YEAR}/w/denshi/a/bearing`;
const PAGES = `${ASSOC_PAGE}/pages`;
let server;
let db;
let dir;
let chrome;
let asc;
let rev;

const base = () => ['--db', db, '--cycle', String(YEAR), '--wg', 'denshi', '--association', 'bearing'];

function auditCount() {
  return Number(execFileSync('sqlite3', [db, 'SELECT count(*) FROM audit'], { encoding: 'utf8' }).trim());
}

before(async () => {
  ({ db, dir } = makeDatabase());
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

test('the association page offers the 調査票 as a PDF, the one cnap computed the page map from', async () => {
  await asc.goto(ASSOC_PAGE);
  const [download] = await Promise.all([
    asc.waitForEvent('download'),
    asc.getByRole('link', { name: '調査票（PDF）' }).click(),
  ]);
  const file = path.join(dir, 'download.pdf');
  await download.saveAs(file);
  assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
  const cli = path.join(dir, 'cli.pdf');
  cnap(['survey', 'render', ...base(), '--output', cli]);
  assert.ok(readFileSync(file).equals(readFileSync(cli)), 'the browser gets the same bytes as the CLI');
});

test('the page map screen lists every item with its page; a reviewer reads it without fields', async () => {
  await rev.goto(PAGES);
  const table = await rev.locator('table.page-map').innerText();
  assert.match(table, /Ⅱ．（５）実施した対策、投資額と削減効果の考察\s+P\.\d+/);
  assert.equal(await rev.locator('table.page-map input').count(), 0, 'no fields for a reviewer');
  assert.equal(await rev.getByRole('button', { name: 'PDFを登録する' }).count(), 0);
  await shot(rev, 'pages-reviewer');
});

test('a broken PDF is refused beside the file field and nothing is saved', async () => {
  const broken = path.join(dir, 'broken.pdf');
  writeFileSync(broken, '%PDF-1.5\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
  const before = auditCount();
  await asc.goto(PAGES);
  await asc.getByLabel('調査票のPDF（.pdf）').setInputFiles(broken);
  await asc.getByRole('button', { name: 'PDFを登録する' }).click();
  const error = await asc.locator('#file-error').innerText();
  assert.match(error, /PDF/);
  assert.doesNotMatch(error, /[A-Za-z]{6,}/, 'the message is in Japanese');
  assert.equal(auditCount(), before, 'nothing was written');
  await shot(asc, 'pages-refused');
});

test('the association attaches its own PDF; a missing heading gets its page typed in', async () => {
  // The association's own layout: cnap's rendering of the survey with VI.5's heading renamed.
  const own = path.join(dir, 'own.pdf');
  const exported = path.join(dir, 'exported.json');
  cnap(['cycle', 'export', '--db', db, '--cycle', String(YEAR), '--output', exported]);
  const t = JSON.parse(readFileSync(exported, 'utf8'));
  const tmpl = t.templates.find((x) => x.code === 'standard');
  tmpl.items.find((x) => x.key === 'VI.5').title = '開発の課題';
  const other = path.join(dir, 'other.db');
  const file = path.join(dir, 'renamed.json');
  writeFileSync(file, JSON.stringify(t));
  cnap(['init', '--db', other]);
  cnap(['cycle', 'import', '--db', other, '--file', file]);
  cnap(['survey', 'render', '--db', other, '--cycle', String(YEAR), '--wg', 'denshi', '--association', 'bearing',
    '--output', own]);

  await asc.goto(PAGES);
  await asc.getByLabel('調査票のPDF（.pdf）').setInputFiles(own);
  await asc.getByRole('button', { name: 'PDFを登録する' }).click();
  await asc.waitForURL(/found=\d+/);
  const notice = await asc.locator('.notice').innerText();
  assert.match(notice, /52項目中51項目の見出しが見つかりました/);
  const row = asc.locator('tr.missing');
  assert.equal(await row.count(), 1, 'one row is marked');
  assert.match(await row.innerText(), /Ⅵ．（５）[\s\S]*見つかりません/);
  await shot(asc, 'pages-found');

  await row.locator('input').fill('0'); // the field's pattern lets digits through; the server wants 1..9999
  await asc.getByRole('button', { name: '頁番号を保存する' }).click();
  assert.match(await asc.locator('tr.missing .field-error').innerText(), /1〜9999/);

  await asc.locator('tr.missing input').fill('27');
  await asc.getByRole('button', { name: '頁番号を保存する' }).click();
  await asc.waitForURL(/saved=1/);
  assert.match(await asc.locator('.notice').innerText(), /保存しました/);
  const map = JSON.parse(cnap(['survey', 'pages', ...base(), '--json']));
  assert.equal(map.items.find((x) => x.item === 'VI.5').page, 27);
  assert.equal(map.document.filename, 'own.pdf');
  await shot(asc, 'pages-corrected');

  const [download] = await Promise.all([
    asc.waitForEvent('download'),
    asc.getByRole('link', { name: '調査票（PDF）をダウンロード' }).click(),
  ]);
  const got = path.join(dir, 'got.pdf');
  await download.saveAs(got);
  assert.ok(readFileSync(got).equals(readFileSync(own)), 'the download is the association\'s own file');
  assert.equal(download.suggestedFilename(), 'own.pdf');
});
