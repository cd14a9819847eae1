// Issue 10 in the browser: the survey's data tables as a form. An association
// user fills in and saves every table of the sample's form without ever seeing
// JSON, sees 原油換算 and CO2 computed as they type, pastes a block copied from a
// spreadsheet, gets a Japanese message next to a bad cell (nothing saved),
// moves down a column with Enter, copies last year's actuals, submits the draft
// as version 2 and discards a draft. Reviewers read the tables as text;
// another association's tables do not exist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  users, YEAR, makeDatabase, startServer, launchBrowser, newPage, login, shot, cnap,
} from './lib.js';

const ASSOC_PAGE = `/c/${YEAR}/w/denshi/a/bearing`;
const DATA = `${ASSOC_PAGE}/data`;
const LAST_YEAR_CO2 = 71.11; // bearing's 2021 CO2 in the 2022 cycle made below (2023's sample says 73.58)
let server;
let db;
let chrome;
let asc;
let rev;

function submissions() {
  const cycle = JSON.parse(cnap(['cycle', 'export', '--db', db, '--cycle', String(YEAR)]));
  return cycle.participations.find((p) => p.association === 'bearing').submissions;
}

// The draft as the database holds it ('' when there is none).
function draft() {
  return execFileSync('sqlite3', [db, 'SELECT data_json FROM data_drafts'], { encoding: 'utf8' });
}

// Last year's survey for the same association: the 2023 sample moved to 2022, 2021's CO2 changed.
function addLastYear(dir) {
  const cycle = JSON.parse(cnap(['cycle', 'export', '--db', db, '--cycle', String(YEAR)]));
  cycle.cycle = { year: 2022, actual_fiscal_year: 2021, name: '令和4年度フォローアップ（2021年度実績）', decomposition_method: 'sequential' };
  cycle.questions = [];
  cycle.users = [];
  cycle.participations = cycle.participations.filter((p) => p.association === 'bearing');
  const part = cycle.participations[0];
  part.submissions = part.submissions.slice(-1);
  const { data } = part.submissions[0];
  data.series = data.series.filter((r) => r.year === 2013 || (r.year === 2021 && !r.forecast));
  data.series.find((r) => r.year === 2021).co2 = LAST_YEAR_CO2;
  const file = path.join(dir, 'last-year.json');
  writeFileSync(file, JSON.stringify(cycle));
  cnap(['cycle', 'import', '--db', db, '--file', file]);
}

// What a person sees must never be JSON or a JSON path.
async function assertNoJson(page, label) {
  const text = await page.locator('body').innerText();
  assert.ok(!text.includes('{"'), `${label}: no JSON on the page`);
  assert.ok(!text.includes('$.'), `${label}: no JSON path on the page`);
}

async function save(page, code) {
  await page.getByRole('button', { name: '下書きを保存' }).click();
  await page.waitForURL(`**${DATA}/${code}?msg=draft_saved`);
  assert.match(await page.locator('p.notice').innerText(), /下書きを保存しました/);
}

// The autosave status line after the pause, for the value just typed.
async function waitStatus(page, re) {
  await page.waitForFunction((src) => new RegExp(src).test(document.getElementById('grid-status').textContent), re.source);
}

// An input of a table by its accessible name: row label, unit, column heading (aria-labelledby).
function cell(page, name) {
  return page.getByRole('textbox', { name, exact: true });
}

// Cells of one row of a records table: values by column, from 0 (an array) or by number (an object).
async function fillRow(page, row, values) {
  for (const [col, v] of Object.entries(values)) await page.locator(`[name="c.${row}.${col}"]`).fill(v);
}

async function cellText(page, id) {
  return (await page.locator(`#${id}`).innerText()).trim();
}

before(async () => {
  const made = makeDatabase();
  db = made.db;
  addLastYear(made.dir);
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

test('the association page leads to the overview of the tables, numbered as in the printed form', async () => {
  await asc.goto(ASSOC_PAGE);
  await asc.locator('details.survey summary').click();
  assert.match(await asc.locator('section.survey-data').innerText(), /実績の総括表/);
  await asc.getByRole('link', { name: '定量データを入力' }).click();
  await asc.waitForURL(`**${DATA}`);
  assert.equal((await asc.locator('h1').innerText()).trim(), '定量データ（調査票の数表）');
  const list = await asc.locator('ol.data-tables').innerText();
  assert.match(list, /Ⅱ．（１）\s*実績の総括表/);
  assert.match(list, /Ⅱ．（１）\s*エネルギー消費量の内訳（燃料別）/);
  assert.match(list, /Ⅲ．（２）\s*物流のCO2排出実績/);
  assert.equal(await asc.locator('ol.data-tables li').count(), 11);
  assert.match(await asc.locator('.data-status').innerText(), /第1版/);
  await assertNoJson(asc, 'overview');
  await shot(asc, '30-data-overview');
});

test('every table of the sample form is filled in and saved, with computed cells as one types', async () => {
  const fills = {
    basic: async (p) => { await p.getByLabel('当年度の想定した水準').fill('0.145'); },
    summary: async (p) => {
      await p.locator('[name="c.0.2"]').fill('500');
      await p.locator('[name="c.3.2"]').fill('70');
      await waitStatus(p, /自動保存しました/); // the intensities follow the inputs
      assert.notEqual(await cellText(p, 'v-7-2'), '—');
    },
    fuels: async (p) => {
      // 10,000 GJ of heat → 258 kl = 0.0258 万kl, shown as such (not 0.0)
      await cell(p, 'その他の燃料・熱（熱量で入力） GJ 当年度実績（2022年度）').fill('10,000');
      await p.waitForFunction(() => document.getElementById('v-13-2').textContent === '0.0258');
      // CO2 from city gas by its carbon factor, recomputed as the quantity changes
      const gas = cell(p, '都市ガス 千m3 前年度実績（2021年度）');
      await gas.fill('1,000');
      await p.waitForFunction(() => /^[0-9.,]+$/.test(document.getElementById('v-16-1').textContent));
      const co2 = await cellText(p, 'v-16-1');
      await gas.fill('2,000');
      await p.waitForFunction((before) => /^[0-9.,]+$/.test(document.getElementById('v-16-1').textContent) &&
        document.getElementById('v-16-1').textContent !== before, co2);
      await waitStatus(p, /自動保存しました（[0-9]{2}:[0-9]{2}）/);
      assert.equal(await cellText(p, 'v-13-2'), '0.0258');
      await shot(p, '32-data-fuels-computed');
    },
    factor: async (p) => { await p.getByLabel('係数の説明・選択の理由').fill('調整後排出係数（受電端）を用いた。'); },
    coverage: async (p) => {
      await fillRow(p, 2, ['出荷額', '億円', '9,000', '8,000', '7,200']);
      await p.waitForFunction(() => document.getElementById('v-2-5').textContent === '88.9');
    },
    bat: (p) => fillRow(p, 3, ['高効率空調', '40']),
    measures: async (p) => {
      await fillRow(p, 6, ['2024', '照明のLED化', '35']);
      await p.locator('[name="c.6.6"]').selectOption({ label: '予定' });
    },
    credits: (p) => fillRow(p, 1, { 0: '2022', 1: 'J-クレジット', 3: '1,000' }),
    certificates: (p) => fillRow(p, 1, ['2022', '500,000']),
    office: async (p) => {
      await fillRow(p, 4, ['2023', '1.2', '0.05']);
      await p.waitForFunction(() => document.getElementById('v-4-4').textContent === '41.7');
    },
    logistics: (p) => fillRow(p, 3, ['2023', '12', '0.3']),
  };
  await asc.goto(DATA);
  const links = await asc.locator('ol.data-tables a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(links.length, Object.keys(fills).length);
  for (const href of links) {
    const code = href.split('/').pop();
    assert.ok(fills[code], `a fill for table ${code}`);
    await asc.goto(href);
    await assertNoJson(asc, code);
    await fills[code](asc);
    await save(asc, code);
    await assertNoJson(asc, `${code} saved`);
    await shot(asc, `31-data-table-${code}`);
  }
  // What was typed came back from the draft.
  await asc.goto(`${DATA}/fuels`);
  assert.equal(await asc.locator('[name="c.10.2"]').inputValue(), '10,000');
  assert.equal(await cellText(asc, 'v-13-2'), '0.0258');
  await asc.goto(`${DATA}/measures`);
  assert.equal(await asc.locator('[name="c.6.1"]').inputValue(), '照明のLED化');
  await asc.goto(DATA);
  assert.match(await asc.locator('.data-status').innerText(), /下書き\s*\d{4}年\d+月\d+日 \d{2}:\d{2} 保存（宮田 里美）/);
  assert.match(await asc.locator('ol.data-tables').innerText(), /7件入力済み/); // the measures
});

test('a bad cell: a Japanese message next to it, as one types and on saving, and nothing is saved', async () => {
  await asc.goto(`${DATA}/summary`);
  const before = draft();
  const co2 = cell(asc, 'CO2排出量 万t-CO2 当年度実績（2022年度）');
  await co2.fill('abc');
  await asc.waitForSelector('#e-3-3');
  assert.match(await asc.locator('#e-3-3').innerText(), /数値に使えない文字「a」/);
  assert.equal(await co2.getAttribute('aria-describedby'), 'e-3-3');
  await waitStatus(asc, /入力に誤りがあるため保存していません/);
  await shot(asc, '33-data-error-live');
  assert.equal(draft(), before, 'the autosave saved nothing');
  // Without the script's help: the save button, a summary at the top, the message by the cell, status 422.
  const [resp] = await Promise.all([
    asc.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/data/summary')),
    asc.getByRole('button', { name: '下書きを保存' }).click(),
  ]);
  assert.equal(resp.status(), 422);
  await asc.waitForLoadState();
  assert.match(await asc.locator('.error-banner').innerText(), /入力に誤りが1件あります/);
  assert.match(await asc.locator('.error-summary').innerText(), /CO2排出量（当年度実績（2022年度））：数値に使えない文字/);
  assert.match(await asc.locator('td.has-error').innerText(), /数値に使えない文字/);
  assert.equal(await asc.locator('[name="c.3.3"]').inputValue(), 'abc', 'what was typed stays');
  await assertNoJson(asc, 'error page');
  await shot(asc, '34-data-error-saved');
  assert.equal(draft(), before, 'the save saved nothing');
  // Put right: the message goes, the draft is saved.
  await asc.locator('[name="c.3.3"]').fill('69.9');
  await waitStatus(asc, /自動保存しました/);
  assert.equal(await asc.locator('#e-3-3').count(), 0);
  assert.equal(await asc.locator('.error-summary').count(), 0);
  assert.notEqual(draft(), before);
});

test('a block copied from a spreadsheet fills the cells right and down; Enter moves down a column', async () => {
  await asc.goto(`${DATA}/fuels`);
  await asc.locator('[name="c.0.0"]').focus();
  await asc.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', '1,234\t▲5.5\n2,000\t3\n');
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  assert.equal(await asc.locator('[name="c.0.0"]').inputValue(), '1,234');
  assert.equal(await asc.locator('[name="c.0.1"]').inputValue(), '▲5.5');
  assert.equal(await asc.locator('[name="c.1.0"]').inputValue(), '2,000');
  assert.equal(await asc.locator('[name="c.1.1"]').inputValue(), '3');
  // ▲ is a minus sign: a fuel cannot be negative, and the message says so by the cell.
  await asc.waitForSelector('#e-0-1');
  assert.match(await asc.locator('#e-0-1').innerText(), /負の値は入力できません/);
  await shot(asc, '35-data-paste');
  await asc.locator('[name="c.0.1"]').fill('5.5');
  await waitStatus(asc, /自動保存しました/);
  await asc.waitForFunction(() => /^[0-9.,]+$/.test(document.getElementById('v-16-0').textContent));

  // A records table grows when the block is longer than its rows.
  await asc.goto(`${DATA}/credits`);
  const rows = await asc.locator('#grid-body tr').count();
  await asc.locator(`[name="c.${rows - 1}.0"]`).focus();
  await asc.evaluate(() => {
    const dt = new DataTransfer();
    // Excel quotes a cell that holds a line break: it stays one cell
    dt.setData('text/plain', '2023\tJ-クレジット\t"省エネ設備\n（更新）"\t500\n2023\tJCM\t海外案件\t1,500');
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  assert.equal(await asc.locator('#grid-body tr').count(), rows + 1);
  assert.equal(await asc.locator(`[name="c.${rows}.3"]`).inputValue(), '1,500');
  assert.equal(await asc.locator(`[name="c.${rows}.1"]`).inputValue(), 'JCM');
  assert.match(await asc.locator(`[name="c.${rows - 1}.2"]`).inputValue(), /^省エネ設備\s*（更新）$/);
  assert.equal(await asc.locator(`[name="c.${rows - 1}.3"]`).inputValue(), '500');
  await waitStatus(asc, /自動保存しました/);
  await asc.getByRole('button', { name: '行を追加' }).click();
  assert.equal(await asc.locator('#grid-body tr').count(), rows + 2);

  // Enter: one row down in the same column; Shift+Enter: back up.
  await asc.goto(`${DATA}/summary`);
  await asc.locator('[name="c.0.3"]').focus();
  await asc.keyboard.press('Enter');
  assert.equal(await asc.evaluate(() => document.activeElement.name), 'c.1.3');
  await asc.keyboard.press('Enter');
  assert.equal(await asc.evaluate(() => document.activeElement.name), 'c.2.3');
  await asc.keyboard.press('Shift+Enter');
  assert.equal(await asc.evaluate(() => document.activeElement.name), 'c.1.3');
  await asc.keyboard.press('Tab');
  assert.equal(await asc.evaluate(() => document.activeElement.name), 'c.1.4', 'Tab goes along the row');
});

test('last year\'s actuals into the previous-year column, then the draft becomes version 2', async () => {
  await asc.goto(DATA);
  assert.match(await asc.locator('.copy-last-year').innerText(), /令和4年度の調査票に報告された2021年度の実績/);
  await asc.getByRole('button', { name: '前年度の値を前年度実績欄にコピー' }).click();
  await asc.waitForURL(`**${DATA}?msg=last_year_copied`);
  await asc.goto(`${DATA}/summary`);
  assert.equal(await asc.locator('[name="c.3.1"]').inputValue(), String(LAST_YEAR_CO2));

  await asc.goto(DATA);
  assert.equal(submissions().length, 1);
  await asc.getByLabel('提出日（任意）').fill('2023-11-02');
  await asc.getByRole('button', { name: 'この内容で提出（第2版）' }).click();
  await asc.waitForURL(`**${DATA}?msg=data_saved`);
  assert.match(await asc.locator('p.notice').innerText(), /新しい版として登録しました/);
  assert.match(await asc.locator('.data-status').innerText(), /第2版（2023年11月2日提出）[\s\S]*下書き\s*ありません/);
  await shot(asc, '36-data-submitted');
  const subs = submissions();
  assert.equal(subs.length, 2);
  const data = subs[1].data;
  const fuel2022 = data.fuel_totals.find((t) => t.year === 2022 && !t.forecast);
  assert.ok(Math.abs(fuel2022.energy_man_kl - 0.0258) < 1e-9, `fuel totals kept: ${JSON.stringify(fuel2022)}`);
  assert.equal(data.series.find((r) => r.year === 2021 && !r.forecast).co2, LAST_YEAR_CO2);
  assert.equal(data.measures.length, 7);
  assert.equal(draft(), '', 'the draft became the version');
});

test('a draft can be discarded after a confirmation', async () => {
  await asc.goto(`${DATA}/bat`);
  await asc.locator('[name="c.0.1"]').fill('55');
  await waitStatus(asc, /自動保存しました/);
  await asc.goto(DATA);
  assert.match(await asc.locator('.data-status').innerText(), /保存（宮田 里美）/);
  await asc.locator('details.confirm summary').click();
  await shot(asc, '37-data-discard');
  await asc.getByRole('button', { name: '破棄する' }).click();
  await asc.waitForURL(`**${DATA}?msg=draft_discarded`);
  assert.match(await asc.locator('p.notice').innerText(), /下書きを破棄しました/);
  assert.equal(draft(), '');
  await asc.goto(`${DATA}/bat`);
  assert.notEqual(await asc.locator('[name="c.0.1"]').inputValue(), '55');
});

test('reviewers read the tables as text; another association\'s tables do not exist', async () => {
  await rev.goto(ASSOC_PAGE);
  await rev.getByRole('link', { name: '定量データの表を見る' }).click();
  await rev.waitForURL(`**${DATA}`);
  assert.equal(await rev.getByRole('button', { name: /提出/ }).count(), 0);
  await rev.goto(`${DATA}/summary`);
  assert.equal(await rev.locator('input[data-r], select[data-r], textarea[data-r]').count(), 0, 'no inputs');
  assert.match(await rev.locator('table.grid').innerText(), /69\.9/);
  assert.match(await rev.locator('.readonly-note').innerText(), /閲覧のみ/);
  await assertNoJson(rev, 'reviewer');
  await shot(rev, '38-data-reviewer');
  const csrf = await rev.locator('form[action="/logout"] input[name="_csrf"]').inputValue();
  const post = await rev.request.post(`${DATA}/summary`, { form: { _csrf: csrf, 'c.0.0': '1' } });
  assert.equal(post.status(), 403);
  const other = (await newPage(chrome.browser, server.base)).page;
  await login(other, users.other);
  assert.equal((await other.goto(DATA)).status(), 404);
  assert.equal((await other.goto(`${DATA}/summary`)).status(), 404);
});
