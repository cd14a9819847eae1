// Defects a new user hit in the browser (issue 11, item 8), each checked as a person sees it:
// a published question's card is readable for every role (computed colours, WCAG contrast),
// items are shown with their chapter (Ⅱ．（５）, never （５） alone), the user list names
// associations and WGs in Japanese, and the site has an icon.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  users, YEAR, makeDatabase, startServer, launchBrowser, newPage, login, shot, cnap,
} from './lib.js';

const ASSOC_PAGE = `/c/${YEAR}/w/denshi/a/bearing`;
const QUESTION = '実施した対策の投資額と削減効果の算定方法をお示しください。';
const ANSWER = '会員企業の設備投資調査から、対策ごとの投資額と削減量を集計しています。';

let server;
let db;
let chrome;
let pages;
let published; // a question on Ⅱ．（５）, published
let waiting;   // a question on Ⅵ．（５）, waiting for the secretariat's approval

function q(args) {
  return JSON.parse(cnap(['question', ...args, '--db', db, '--json']));
}

before(async () => {
  ({ db } = makeDatabase());
  const file = ['file', '--cycle', String(YEAR), '--wg', 'denshi', '--association', 'bearing', '--page', '12'];
  published = q([...file, '--item', 'II.5', '--text', QUESTION]).id;
  cnap(['question', 'send', '--db', db, '--id', String(published)]);
  cnap(['answer', '--db', db, '--as', users.association, '--id', String(published), '--text', ANSWER]);
  cnap(['question', 'accept', '--db', db, '--id', String(published)]);
  waiting = q([...file, '--item', 'VI.5', '--text', 'ボトルネックの解消に向けた取組をお示しください。', '--as', users.reviewer,
    '--submit']).id;
  server = await startServer(db);
  chrome = await launchBrowser();
  pages = {};
  for (const role of ['secretariat', 'reviewer', 'association']) {
    pages[role] = (await newPage(chrome.browser, server.base)).page;
    await login(pages[role], users[role]);
    await pages[role].waitForURL(`**/c/${YEAR}`);
  }
});

after(async () => {
  await chrome?.close();
  if (server) {
    const { code, stderr } = await server.stop();
    assert.equal(code, 0, `cnap serve exits cleanly: ${stderr}`);
  }
});

// WCAG 2 relative luminance and contrast ratio of two CSS rgb()/rgba() colours.
function parse(rgb) {
  const m = rgb.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
  assert.ok(m, `a computed colour: ${rgb}`);
  return { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] };
}
function luminance({ r, g, b }) {
  const lin = (c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
export function contrast(fg, bg) {
  const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('the contrast ratio itself: black on white is 21, white on white 1', () => {
  assert.equal(Math.round(contrast(parse('rgb(0, 0, 0)'), parse('rgb(255, 255, 255)'))), 21);
  assert.equal(contrast(parse('rgb(255, 255, 255)'), parse('rgba(255, 255, 255, 1)')), 1);
});

// Every piece of text in the card: its computed colour and the background actually behind it
// (the nearest ancestor with an opaque background; the page is white).
async function cardColours(page, id) {
  return page.locator(`[id="q-${id}"]`).evaluate((card) => {
    const out = [];
    const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent.trim()) continue;
      const el = n.parentElement;
      let bg = 'rgb(255, 255, 255)';
      for (let e = el; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        const m = c.match(/rgba?\([^)]*\)/);
        if (m && !/rgba\([^)]*,\s*0\)$/.test(c)) { bg = c; break; }
      }
      out.push({ text: n.textContent.trim().slice(0, 20), color: getComputedStyle(el).color, bg });
    }
    return out;
  });
}

test('after 「公表済にする」 the card is readable for every role', async () => {
  const sec = pages.secretariat;
  await sec.goto(`/c/${YEAR}/w/denshi/publish?association=bearing`);
  await sec.getByRole('button', { name: '確定済みの質問を公表する（確認へ）' }).click();
  await sec.getByRole('button', { name: /^第\d+版として公表する$/ }).click();
  await sec.waitForURL(/msg=published$/);
  assert.equal(JSON.parse(cnap(['question', 'show', '--db', db, '--id', String(published), '--json'])).status,
    'published');
  for (const role of ['secretariat', 'reviewer', 'association']) {
    const page = pages[role];
    await page.goto(ASSOC_PAGE);
    const card = page.locator(`[id="q-${published}"]`);
    assert.match(await card.getAttribute('class'), /st-published/, `${role}: the card of a published question`);
    assert.ok((await card.innerText()).includes(QUESTION), `${role}: the question is on the card`);
    const parts = await cardColours(page, published);
    assert.ok(parts.some((p) => p.text.startsWith('実施した対策')), `${role}: the question's text is measured`);
    assert.ok(parts.some((p) => p.text.startsWith('会員企業')), `${role}: the answer's text is measured`);
    for (const p of parts) {
      const ratio = contrast(parse(p.color), parse(p.bg));
      assert.ok(ratio >= 4.5, `${role}: 「${p.text}」 ${p.color} on ${p.bg}: contrast ${ratio.toFixed(2)} < 4.5`);
    }
    await card.scrollIntoViewIfNeeded();
    await shot(page, `31-published-card-${role}`);
  }
});

test('an item is shown with its chapter: question page, queue, item select box', async () => {
  const sec = pages.secretariat;
  await sec.goto(`/q/${published}`);
  const item = (await sec.locator('dt:text-is("調査票の項目") + dd').innerText()).trim();
  assert.match(item, /^Ⅱ．（５） 実施した対策/, `question page: ${item}`);
  await sec.goto(`/c/${YEAR}/queue`);
  const rows = await sec.locator('.row-item').allInnerTexts();
  assert.ok(rows.length > 0, 'the queue has rows');
  assert.ok(rows.some((r) => r.startsWith('Ⅵ．（５） ')), `queue: ${rows.join(' / ')}`);
  for (const r of rows) assert.doesNotMatch(r, /^（[０-９]+）/, `queue: a section code without its chapter: ${r}`);
  await shot(sec, '32-queue-item-numbers');
  const rev = pages.reviewer;
  await rev.goto(`${ASSOC_PAGE}/new?item=II.5`);
  const options = await rev.locator('select#item option').allInnerTexts();
  for (const want of ['Ⅰ．（５） ', 'Ⅱ．（５） ', 'Ⅵ．（５） '])
    assert.equal(options.filter((o) => o.startsWith(want)).length, 1, `select box has one ${want}`);
  for (const o of options) assert.doesNotMatch(o, /^（[０-９]+）/, `select box: a section code without its chapter: ${o}`);
  assert.match(await rev.locator('select#item option:checked').innerText(), /^Ⅱ．（５） 実施した対策/);
  await rev.goto(`/q/${waiting}`);
  assert.match((await rev.locator('dt:text-is("調査票の項目") + dd').innerText()).trim(), /^Ⅵ．（５） /);
});

test('ユーザー管理 names associations and WGs, with no ASCII words but the logins', async () => {
  // A newer cycle with a WG of its own: the 2023 reviewers' WG is no WG of the latest cycle, and is
  // still shown by its name (it used to be its code, 「denshi」).
  cnap(['cycle', 'add', '--db', db, '--year', String(YEAR + 1)]);
  cnap(['wg', 'add', '--db', db, '--cycle', String(YEAR + 1), '--code', 'tekko', '--name', '鉄鋼WG']);
  cnap(['user', 'add', '--db', db, '--login', 'suzuki', '--name', '鈴木 一郎', '--role', 'reviewer', '--wg', 'tekko',
    '--cycle', String(YEAR + 1)], 'e2e-pass-2024\n');
  const sec = pages.secretariat;
  await sec.goto('/admin/users');
  const cells = await sec.locator('table.users tbody tr').evaluateAll((trs) => trs.map((tr) =>
    [...tr.querySelectorAll('td')].slice(1, 5).map((td) => td.innerText.trim())));
  assert.ok(cells.length >= 5, 'the users are listed');
  const scopes = cells.map((c) => c[2]);
  assert.ok(scopes.includes('日本ベアリング工業会'), `an association user's 所属: ${scopes.join(' / ')}`);
  assert.ok(scopes.some((s) => s.includes('電子・電機・産業機械等WG')), `a reviewer's 所属: ${scopes.join(' / ')}`);
  assert.ok(scopes.includes('鉄鋼WG'), `a reviewer of the newer cycle: ${scopes.join(' / ')}`);
  for (const row of cells)
    for (const cell of row) // WG is the committee's Japanese name (WG委員), not an English word
      assert.doesNotMatch(cell.replace(/WG/g, ''), /[A-Za-z]/, `an English word or code on the users page: ${cell}`);
  await shot(sec, '33-users');
});

test('令和5年度 in running text, 令和五年度 where the page stands for the published document', async () => {
  const sec = pages.secretariat;
  await sec.goto(`/c/${YEAR}/queue`);
  assert.equal((await sec.locator('.crumbs').innerText()).trim(), '令和5年度');
  await sec.goto(`/c/${YEAR}/w/denshi/publish?association=bearing`);
  assert.match(await sec.locator('.crumbs').innerText(), /^令和五年度 ／ /);
  const frame = sec.frameLocator('iframe.preview-frame');
  assert.match(await frame.locator('h1').innerText(), /^令和五年度評価・検証WG/);
});

test('the site icon: /favicon.ico and the SVG the pages link to', async () => {
  const sec = pages.secretariat;
  const ico = await sec.request.get('/favicon.ico');
  assert.equal(ico.status(), 200);
  assert.equal(ico.headers()['content-type'], 'image/x-icon');
  const body = await ico.body();
  assert.deepEqual([...body.subarray(0, 4)], [0, 0, 1, 0], 'an ICO file');
  await sec.goto('/login');
  const href = await sec.locator('head link[rel="icon"]').getAttribute('href');
  assert.ok(href, 'the head links an icon');
  const svg = await sec.request.get(href);
  assert.equal(svg.status(), 200);
  assert.equal(svg.headers()['content-type'], 'image/svg+xml');
  assert.match(await svg.text(), /^<svg /);
});
