// Reading and asking (issue 12 parts 4 and 6, the second "Done when") in the browser: a reviewer reads
// P.21 of an association's survey, selects a passage in an item's text and files a question from the
// button that appears; the question records the item, the page, the version read and the passage; the
// association rewrites that item in its text editor and submits a new version; the question then shows
// 調査票更新あり with the change, and its author keeps it (「質問を維持する」). Without JavaScript the
// item's own link opens the same form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { users, YEAR, SHOTS, makeDatabase, startServer, launchBrowser, newPage, login, shot, cnap } from './lib.js';

const ASSOC = `/c/${YEAR}/w/denshi/a/bearing`;
const PASSAGE = '海外の生産拠点に高効率空調設備を導入し';
const OLD = `海外での削減貢献として、${PASSAGE}、年間約1,200t-CO2の削減を見込んでいる。\n算定は導入前後の電力使用量の差に各国の排出係数を乗じて行った。`;
const NEW = '海外での削減貢献として、現地の取引先と共同で省エネ診断を行い、年間約900t-CO2の削減を見込んでいる。';

let server, db, dir, chrome, rev, assoc, revCtx;
let item; // the item whose text starts on P.21
let qid;

before(async () => {
  ({ db, dir } = makeDatabase());
  const outline = JSON.parse(cnap(['outline', 'show', '--db', db, '--cycle', String(YEAR), '--wg', 'denshi',
    '--association', 'bearing', '--json']));
  // The first item with a section number that starts on page 21, and its neighbours: the text around P.21.
  const at21 = outline.filter((o) => o.page === 21);
  item = at21.find((o) => o.key.includes('.')) || at21[0];
  assert.ok(item, 'the sample has an item on P.21');
  // Its chapter's text too when the chapter starts the page, and the item before it: text on both sides of the break.
  const texts = [];
  const prev = outline[outline.indexOf(at21[0]) - 1];
  if (prev) texts.push(`=== ${prev.key}`, '前の頁の項目の本文です。');
  if (at21[0] !== item) texts.push(`=== ${at21[0].key}`, '国際貢献の推進について、業界の考え方を示す。');
  texts.push(`=== ${item.key}`, OLD);
  const file = path.join(dir, 'texts.txt');
  writeFileSync(file, `${texts.join('\n')}\n`);
  cnap(['survey', 'text', 'set', '--db', db, '--cycle', String(YEAR), '--wg', 'denshi', '--association', 'bearing',
    '--as', users.association, '--file', file]);
  server = await startServer(db);
  chrome = await launchBrowser();
  ({ context: revCtx, page: rev } = await newPage(chrome.browser, server.base));
  await login(rev, users.reviewer);
  await rev.waitForURL(`**/c/${YEAR}`);
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

// The reading view is long: the screenshot of the viewport around what the step is about.
async function shotHere(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

// Select text inside the item's text as a mouse would (a range over the passage), and let selectionchange run.
async function selectPassage(page, key, passage) {
  await page.evaluate(([k, p]) => {
    const doc = document.querySelector(`.doc[data-item="${k}"]`);
    const walker = document.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.data.indexOf(p);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(n, at);
        range.setEnd(n, at + p.length);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        return;
      }
    }
    throw new Error('passage not in the item text');
  }, [key, passage]);
}

test('the reviewer reads P.21 with the page marker and the questions beside each item', async () => {
  await rev.goto(`${ASSOC}/read`);
  const mark = rev.locator('.page-mark[data-page="21"]');
  assert.equal(await mark.count(), 1, 'one marker 「P.21」');
  assert.equal((await mark.innerText()).trim(), 'P.21');
  const li = rev.locator(`li.read-item[data-item="${item.key}"]`);
  assert.match(await li.locator('.doc').innerText(), /高効率空調設備/);
  assert.equal(await rev.locator('#ask-float').isHidden(), true, 'no button before anything is selected');
  await mark.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shotHere(rev, '60-read-survey');
  // The questions already filed on an item sit beside it.
  const withQs = rev.locator('li.read-item:has(ul.read-qlist)').first();
  assert.ok(await withQs.count(), 'some item shows its questions');
});

test('selecting a passage offers a button that opens the question form prefilled', async () => {
  await selectPassage(rev, item.key, PASSAGE);
  const ask = rev.locator('#ask-float');
  await ask.waitFor({ state: 'visible' });
  await shotHere(rev, '61-read-selected');
  await ask.getByRole('button', { name: '選択した箇所について質問する' }).click();
  await rev.waitForURL(`**${ASSOC}/new`);
  assert.equal(await rev.locator('#item').inputValue(), item.key, 'the item');
  assert.equal(await rev.locator('#page').inputValue(), '21', 'the page of the selection');
  assert.equal(await rev.locator('input[name="version"]').inputValue(), '2', 'the version read');
  assert.equal((await rev.locator('form blockquote.quote').innerText()).trim(), PASSAGE, 'the passage');
  await rev.locator('#text').fill('導入した設備の台数と、削減見込量の算定に用いた排出係数の出典をお示しください。');
  await shot(rev, '62-question-form');
  await rev.getByRole('button', { name: '事務局へ提出' }).click();
  await rev.waitForURL(/\/q\/\d+\?msg=filed$/);
  qid = Number(rev.url().match(/\/q\/(\d+)/)[1]);
  const q = JSON.parse(cnap(['question', 'show', '--db', db, '--id', String(qid), '--json']));
  assert.equal(q.item, item.key);
  assert.equal(q.page, 21);
  assert.equal(q.version, 2);
  assert.equal(q.quote, PASSAGE);
  assert.equal(q.status, 'submitted');
  assert.match(await rev.locator('blockquote.quote').innerText(), /高効率空調設備/);
  await shot(rev, '63-question-filed');
});

test('without JavaScript the item\'s own link opens the form', async () => {
  const ctx = await chrome.browser.newContext({ baseURL: server.base, javaScriptEnabled: false, locale: 'ja-JP' });
  const page = await ctx.newPage();
  await login(page, users.reviewer);
  await page.goto(`${ASSOC}/read?item=${item.key}`);
  await page.getByRole('link', { name: 'この項目について質問する' }).click();
  assert.equal(await page.locator('#item').inputValue(), item.key);
  assert.equal(await page.locator('#page').inputValue(), '21');
  await ctx.close();
});

test('the association rewrites the item; the question shows 調査票更新あり and the change', async () => {
  cnap(['question', 'approve', '--db', db, '--id', String(qid)]);
  cnap(['question', 'send', '--db', db, '--id', String(qid)]);
  await assoc.goto(`${ASSOC}/text/${item.key}`);
  await assoc.locator('#text').fill(NEW);
  await assoc.getByRole('button', { name: '下書きを保存' }).click();
  await assoc.goto(`${ASSOC}/text`);
  await assoc.locator('#submitted_on').fill('2023-09-25');
  await assoc.locator('form.submit-form button[type="submit"]').click();
  await assoc.waitForURL(/msg=/);
  const after = JSON.parse(cnap(['question', 'show', '--db', db, '--id', String(qid), '--json']));
  assert.deepEqual(after.survey_changed, { version: 3, marked: true, quote_present: false });
  // The association reads its question with the quote, without the mark or who asked.
  await assoc.goto(`/q/${qid}`);
  assert.match(await assoc.locator('blockquote.quote').innerText(), /高効率空調設備/);
  assert.equal(await assoc.locator('.badge.changed').count(), 0);
  assert.ok(!(await assoc.locator('main').innerText()).includes('森岡'), 'not who asked');

  await rev.goto(`/q/${qid}`);
  const badge = rev.locator('.status-line .badge.changed');
  assert.equal((await badge.innerText()).trim(), '調査票更新あり（第3版）');
  assert.match(await rev.locator('.anchor-panel').innerText(), /引用箇所は新しい版にありません/);
  await shot(rev, '64-question-survey-changed');
  await rev.getByRole('link', { name: '変更を見る（第3版）' }).click();
  await rev.waitForURL(/\/diff\?from=2&to=3#item-/);
  // 「版の比較」 of the item, the version read on the left and the new one on the right.
  const change = rev.locator(`section.diff-item[id="item-${item.key}"]`);
  const sides = change.locator('table.diff-text > tbody > tr').first().locator('td');
  assert.equal(await sides.count(), 2, 'side by side');
  assert.match(await sides.nth(0).innerText(), /高効率空調設備/, 'the passage asked about, on the left');
  assert.match(await sides.nth(1).innerText(), /省エネ診断/, 'the new text, on the right');
  assert.ok(await change.locator('del').count() > 0 && await change.locator('ins').count() > 0, 'the changes marked');
  await change.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shotHere(rev, '65-the-change');
});

test('its author keeps the question; the mark is gone', async () => {
  await rev.goto(`/q/${qid}`);
  await rev.getByRole('button', { name: '質問を維持する' }).click();
  await rev.waitForURL(/msg=anchor_confirmed$/);
  assert.equal(await rev.locator('.status-line .badge.changed').count(), 0);
  assert.match(await rev.locator('.kept').innerText(), /調査票の更新後も質問を維持（第3版）/);
  await shot(rev, '66-question-kept');
  const audit = JSON.parse(cnap(['audit', 'list', '--db', db, '--entity', 'question', '--id', String(qid), '--json']));
  const actions = audit.map((a) => a.action);
  assert.ok(actions.includes('question.survey-changed') && actions.includes('question.confirm-anchor'));
  assert.equal(audit.find((a) => a.action === 'question.survey-changed').actor, users.association);
});
