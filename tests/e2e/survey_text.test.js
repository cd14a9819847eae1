// Issue 12 item 1 in the browser: an association writes the text of a survey
// item in its own words and conventions (a sub-heading, a nested list, a table
// pasted from Excel, a note, a link) without seeing JSON; it is saved as it
// types and the preview shows what will print, escaped; a bad link gets a
// Japanese message beside the box; the working copy is submitted as the next
// version, which the reviewer then reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  users, YEAR, makeDatabase, startServer, launchBrowser, newPage, login, shot, cnap,
} from './lib.js';

const ASSOC_PAGE = `/c/${YEAR}/w/denshi/a/bearing`;
const TEXT = `${ASSOC_PAGE}/text`;
let server;
let db;
let chrome;
let asc;
let rev;

function drafts() {
  return execFileSync('sqlite3', [db, 'SELECT item_key FROM text_drafts ORDER BY item_key'], { encoding: 'utf8' })
    .split('\n').filter(Boolean);
}

function latestVersion() {
  return JSON.parse(cnap(['survey', 'text', 'show', '--db', db, '--cycle', String(YEAR), '--wg', 'denshi',
    '--association', 'bearing', '--json'])).latest_version;
}

async function assertNoJson(page, label) {
  const text = await page.locator('body').innerText();
  assert.ok(!text.includes('{"'), `${label}: no JSON on the page`);
  assert.ok(!text.includes('"blocks"'), `${label}: no JSON member names on the page`);
}

before(async () => {
  db = makeDatabase().db;
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

test('the association page leads to the items, numbered as in the printed form', async () => {
  await asc.goto(ASSOC_PAGE);
  await asc.getByRole('link', { name: '調査票の本文を書く' }).click();
  await asc.waitForURL(`**${TEXT}`);
  const list = await asc.locator('ol.text-items').innerText();
  assert.match(list, /Ⅱ．（５）\s*実施した対策、投資額と削減効果の考察/);
  await assertNoJson(asc, 'text list');
  await shot(asc, '70-text-list');
});

test('an item is written in plain conventions, saved as one types, and previewed escaped', async () => {
  await asc.goto(TEXT);
  await asc.getByRole('link', { name: /実施した対策、投資額と削減効果の考察/ }).click();
  await asc.waitForURL(`**${TEXT}/II.5`);
  const box = asc.getByLabel('本文', { exact: true });
  await box.fill([
    '【省エネルギー設備の導入】',
    '会員企業は高効率の熱処理炉を導入した<b>太字ではない</b>。',
    '',
    '・照明のLED化',
    '  ・本社と工場',
    '1. 空調の更新',
    '対策\t投資額（百万円）\t削減量（t-CO2）',
    '熱処理炉\t120\t1,200',
    '※1 会員企業の報告の合計。',
    '詳しくは [協会の報告書](https://www.example-assoc.jp/report) を参照。',
  ].join('\n'));
  await asc.waitForFunction(() => /保存しました/.test(document.getElementById('text-status').textContent));
  const preview = asc.locator('#text-preview');
  assert.equal(await preview.locator('p.doc-h').innerText(), '【省エネルギー設備の導入】');
  assert.equal(await preview.locator('b').count(), 0, 'typed markup stays text');
  assert.match(await preview.innerText(), /<b>太字ではない<\/b>/);
  assert.equal(await preview.locator('ul.doc-list ul.doc-list li').innerText(), '本社と工場');
  assert.equal(await preview.locator('table.doc-table th').count(), 3);
  assert.equal(await preview.locator('table.doc-table td').nth(1).innerText(), '120');
  assert.match(await preview.locator('p.doc-note').innerText(), /※1\s*会員企業の報告の合計。/);
  const link = preview.getByRole('link', { name: '協会の報告書' });
  assert.equal(await link.getAttribute('href'), 'https://www.example-assoc.jp/report');
  assert.match(await link.getAttribute('rel'), /noreferrer/);
  assert.deepEqual(drafts(), ['II.5']);
  await assertNoJson(asc, 'item editor');
  await shot(asc, '71-text-item-editor');
});

test('a javascript: link gets a Japanese message beside the box, and nothing is saved', async () => {
  await asc.goto(`${TEXT}/II.6`);
  const box = asc.getByLabel('本文', { exact: true });
  await box.fill('[ここ](javascript:alert(1))');
  await asc.waitForFunction(() => document.getElementById('text-status').classList.contains('bad'));
  assert.match(await asc.locator('#text-status').innerText(), /javascript/);
  await asc.getByRole('button', { name: '下書きを保存' }).click();
  await asc.waitForSelector('#text-error');
  assert.match(await asc.locator('#text-error').innerText(), /http、https、mailto/);
  assert.equal(await asc.locator('#text').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(drafts(), ['II.5']);
  await shot(asc, '72-text-item-error');
});

test('the working copy is submitted as the next version, and the reviewer reads it', async () => {
  const v0 = latestVersion();
  await rev.goto(`${TEXT}/II.5`);
  assert.equal(await rev.locator('textarea').count(), 0, 'reviewers get no box');
  assert.doesNotMatch(await rev.locator('#text-preview').innerText(), /省エネルギー設備の導入/,
    'nor the working copy');
  await asc.goto(TEXT);
  assert.match(await asc.locator('.data-status').innerText(), /1項目を編集中/);
  await asc.getByRole('button', { name: `この内容で提出（第${v0 + 1}版）` }).click();
  await asc.waitForURL(`**${TEXT}?msg=text_submitted`);
  assert.equal(latestVersion(), v0 + 1);
  assert.deepEqual(drafts(), []);
  await rev.goto(`${TEXT}/II.5`);
  assert.match(await rev.locator('#text-preview').innerText(), /省エネルギー設備の導入/);
  await assertNoJson(rev, 'reviewer item');
  await shot(rev, '73-text-item-reviewer');
});
