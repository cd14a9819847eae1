// Search (issue 13, "Done when") in the browser: from the box in any page's header the secretariat finds
// 「根拠」 in questions, answers and survey texts, with the word marked where it was written, narrows to answers,
// and opens a hit; an association finds only its own; a query of symbols alone is told why beside the box;
// ＣＯ２ finds CO2. Screenshots 80–83.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { users, YEAR, makeDatabase, startServer, launchBrowser, newPage, login, shot } from './lib.js';

let server, chrome, secr, assoc;

before(async () => {
  const { db } = makeDatabase();
  server = await startServer(db);
  chrome = await launchBrowser();
  secr = (await newPage(chrome.browser, server.base)).page;
  await login(secr, users.secretariat);
  await secr.waitForURL(`**/c/${YEAR}`);
  assoc = (await newPage(chrome.browser, server.base)).page;
  await login(assoc, users.association);
  await assoc.waitForURL(`**/c/${YEAR}`);
});

after(async () => {
  await chrome?.close();
  if (server) {
    const { code, stderr } = await server.stop();
    assert.equal(code, 0, `cnap serve exits cleanly: ${stderr}`);
  }
});

const hits = (page) => page.locator('ol.hits > li');
const kinds = async (page) => new Set(await page.locator('ol.hits .hit-kind').allInnerTexts());

test('the secretariat searches 根拠 from the header and finds it in questions, answers and survey texts', async () => {
  await secr.getByRole('searchbox', { name: '質問・回答・調査票を検索' }).fill('根拠');
  await secr.keyboard.press('Enter');
  await secr.waitForURL('**/search?q=*');
  assert.match(await secr.locator('h2.search-summary').innerText(), /「根拠」の検索結果（1〜20件目、さらにあります）/);
  assert.equal(await hits(secr).count(), 20);
  // the second page holds the rest; between them every kind appears
  const seen = await kinds(secr);
  await secr.getByRole('link', { name: '次の20件' }).click();
  await secr.waitForURL('**offset=20*');
  for (const k of await kinds(secr)) seen.add(k);
  assert.deepEqual([...seen].sort(), ['回答', '調査票', '質問'].sort(), `kinds found: ${[...seen]}`);
  await secr.getByRole('link', { name: '前の20件' }).click();
  await secr.waitForURL((u) => !u.search.includes('offset='));
  const marks = await secr.locator('ol.hits mark').allInnerTexts();
  assert.ok(marks.length >= 20 && marks.every((m) => m === '根拠'), `every mark is the word: ${marks.slice(0, 5)}`);
  // the mark is readable: dark text on a light yellow, not the page's colours
  const look = await secr.locator('ol.hits mark').first().evaluate((e) => {
    const s = getComputedStyle(e);
    return { color: s.color, background: s.backgroundColor };
  });
  assert.notEqual(look.color, look.background, 'the mark is not drawn in one colour');
  assert.equal(look.background, 'rgb(255, 229, 138)');
  // every hit says where it is: 令和 year, WG, association, the item with its chapter
  const place = await hits(secr).first().locator('.hit-place').innerText();
  assert.match(place, /^令和5年度 ／ 電子・電機・産業機械等WG ／ /);
  assert.match(await hits(secr).first().locator('.hit-item').innerText(), /^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨ]．（[０-９0-9]+）/);
  await shot(secr, '80-search-secretariat');
});

test('narrowed to answers, a hit opens the question with its answer', async () => {
  await secr.getByText('絞り込み').click();
  await secr.getByLabel('種類').selectOption('answer');
  await secr.getByRole('button', { name: '検索', exact: true }).last().click();
  await secr.waitForURL('**kind=answer*');
  assert.deepEqual([...(await kinds(secr))], ['回答']);
  assert.equal(await secr.getByLabel('種類').inputValue(), 'answer', 'the filter stays chosen');
  await shot(secr, '81-search-answers');
  await hits(secr).first().locator('a').click();
  await secr.waitForURL(/\/q\/[0-9]+#answer$/);
  assert.match(await secr.locator('body').innerText(), /根拠/);
});

test('an association finds only its own', async () => {
  await assoc.goto('/search?q=%E6%A0%B9%E6%8B%A0');
  const n = await hits(assoc).count();
  assert.ok(n > 0, 'bearing finds 根拠');
  const places = await assoc.locator('ol.hits .hit-place').allInnerTexts();
  assert.ok(places.every((p) => p.includes('日本ベアリング工業会')), `only bearing: ${places}`);
  assert.deepEqual([...(await kinds(assoc))].sort(), ['回答', '調査票', '質問'].sort());
  assert.equal(await assoc.getByLabel('業界団体').count(), 0, 'no choice of association for an association user');
  await shot(assoc, '82-search-association');
  // a survey text hit opens the reading view at the item
  await assoc.locator('ol.hits li.kind-text a').first().click();
  await assoc.waitForURL(/\/read#item-/);
  const id = decodeURIComponent(new URL(assoc.url()).hash.slice(1));
  assert.equal(await assoc.locator(`[id="${id}"]`).count(), 1, 'the item is on the page');
});

test('symbols alone are told why beside the box; ＣＯ２ finds CO2', async () => {
  await secr.goto('/search?q=' + encodeURIComponent('"*( )-'));
  const error = secr.locator('#search-q-error');
  assert.match(await error.innerText(), /記号だけでは検索できません/);
  assert.equal(await secr.locator('#search-q').getAttribute('aria-invalid'), 'true');
  assert.equal(await secr.locator('#search-q').inputValue(), '"*( )-', 'the query stays as typed');
  await shot(secr, '83-search-symbols');
  await secr.goto('/search?q=' + encodeURIComponent('ＣＯ２'));
  const marks = await secr.locator('ol.hits mark').allInnerTexts();
  assert.ok(marks.length > 0 && marks.every((m) => m === 'CO2'), `ＣＯ２ marks CO2: ${marks.slice(0, 5)}`);
});
