// Reading and asking (issue 12 parts 4 and 6, the second "Done when") in the browser: a reviewer reads
// P.21 of an association's survey, selects a passage in an item's text and files a question from the
// button that appears; the question records the item, the page, the version read and the passage; the
// association rewrites that item in its text editor and submits a new version; the question then shows
// 調査票更新あり with the change, and its author keeps it (「質問を維持する」). Without JavaScript the
// item's own link opens the same form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { users, YEAR, SHOTS, makeDatabase, startServer, launchBrowser, newPage, login, shot, cnap } from './lib.js';

// An association whose printed 調査票 (the sample's text, laid out by cnap) runs past page 21.
const ASSOC = `/c/${YEAR}/w/denshi/a/kosaku-kikai`;
const REWRITTEN = '業界としての情報発信';

let server, db, dir, chrome, rev, assoc;
let item; // the item whose text the reviewer selects from, just after 「P.21」
let passage;
let qid;

before(async () => {
  ({ db, dir } = makeDatabase());
  server = await startServer(db);
  chrome = await launchBrowser();
  rev = (await newPage(chrome.browser, server.base)).page;
  await login(rev, users.reviewer);
  await rev.waitForURL(`**/c/${YEAR}`);
  assoc = (await newPage(chrome.browser, server.base)).page;
  await login(assoc, users.other);
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
  assert.equal(await rev.locator('#ask-float').isHidden(), true, 'no button before anything is selected');
  // What the reviewer reads first on P.21: the first sentence of text after the marker, and its item.
  [item, passage] = await mark.evaluate((m) => {
    const walker = document.createTreeWalker(document.querySelector('ol.read-items'), NodeFilter.SHOW_TEXT);
    walker.currentNode = m;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const doc = n.parentElement.closest('.doc[data-item]');
      const text = n.data.trim();
      if (doc && text.length >= 12) return [doc.dataset.item, text.slice(0, 16)];
    }
    return [null, null];
  });
  assert.ok(item && passage, 'text follows the marker');
  assert.match(await mark.innerText(), /P\.21/);
  await mark.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shotHere(rev, '60-read-survey');
  // The questions already filed on an item sit beside it.
  assert.ok(await rev.locator('li.read-item ul.read-qlist').count() > 0, 'some item shows its questions');
});

test('selecting a passage offers a button that opens the question form prefilled', async () => {
  await selectPassage(rev, item, passage);
  const ask = rev.locator('#ask-float');
  await ask.waitFor({ state: 'visible' });
  await shotHere(rev, '61-read-selected');
  await ask.getByRole('button', { name: '選択した箇所について質問する' }).click();
  await rev.waitForURL(`**${ASSOC}/new`);
  assert.equal(await rev.locator('#item').inputValue(), item, 'the item');
  assert.equal(await rev.locator('#page').inputValue(), '21', 'the page of the selection');
  assert.equal(await rev.locator('input[name="version"]').inputValue(), '1', 'the version read');
  assert.equal((await rev.locator('form blockquote.quote').innerText()).trim(), passage, 'the passage');
  await rev.locator('#text').fill('導入した設備の台数と、削減見込量の算定に用いた排出係数の出典をお示しください。');
  await shot(rev, '62-question-form');
  await rev.getByRole('button', { name: '事務局へ提出' }).click();
  await rev.waitForURL(/\/q\/\d+\?msg=filed$/);
  qid = Number(rev.url().match(/\/q\/(\d+)/)[1]);
  const q = JSON.parse(cnap(['question', 'show', '--db', db, '--id', String(qid), '--json']));
  assert.equal(q.item, item);
  assert.equal(q.page, 21);
  assert.equal(q.version, 1);
  assert.equal(q.quote, passage);
  assert.equal(q.status, 'submitted');
  assert.equal((await rev.locator('blockquote.quote p').last().innerText()).trim(), passage);
  await shot(rev, '63-question-filed');
});

test('without JavaScript the item\'s own link opens the form', async () => {
  const ctx = await chrome.browser.newContext({ baseURL: server.base, javaScriptEnabled: false, locale: 'ja-JP' });
  const page = await ctx.newPage();
  await login(page, users.reviewer);
  await page.goto(`${ASSOC}/read?item=${item}`);
  await page.getByRole('link', { name: 'この項目について質問する' }).click();
  assert.equal(await page.locator('#item').inputValue(), item);
  assert.match(await page.locator('#page').inputValue(), /^\d+$/, 'the page the item starts on');
  await ctx.close();
});

test('the association rewrites the item; the question shows 調査票更新あり and the change', async () => {
  cnap(['question', 'approve', '--db', db, '--id', String(qid)]);
  cnap(['question', 'send', '--db', db, '--id', String(qid)]);
  await assoc.goto(`${ASSOC}/text/${item}`);
  // The association rewrites the words the reviewer quoted, in its own text box.
  const typed = await assoc.locator('#text').inputValue();
  assert.ok(typed.includes(passage), 'the editor holds the text as typed');
  await assoc.locator('#text').fill(typed.replace(passage, REWRITTEN));
  await assoc.getByRole('button', { name: '下書きを保存' }).click();
  await assoc.goto(`${ASSOC}/text`);
  await assoc.locator('#submitted_on').fill('2023-10-20');
  await assoc.locator('form.submit-form button[type="submit"]').click();
  await assoc.waitForURL(/msg=/);
  const after = JSON.parse(cnap(['question', 'show', '--db', db, '--id', String(qid), '--json']));
  assert.deepEqual(after.survey_changed, { version: 2, marked: true, quote_present: false });
  // The association reads its question with the quote, without the mark or who asked.
  await assoc.goto(`/q/${qid}`);
  assert.ok((await assoc.locator('blockquote.quote').innerText()).includes(passage));
  assert.equal(await assoc.locator('.badge.changed').count(), 0);
  assert.ok(!(await assoc.locator('main').innerText()).includes('森岡'), 'not who asked');

  await rev.goto(`/q/${qid}`);
  const badge = rev.locator('.status-line .badge.changed');
  assert.equal((await badge.innerText()).trim(), '調査票更新あり（第2版）');
  assert.match(await rev.locator('.anchor-panel').innerText(), /引用箇所は新しい版にありません/);
  await shot(rev, '64-question-survey-changed');
  await rev.getByRole('link', { name: '変更を見る（第2版）' }).click();
  await rev.waitForURL(/\/diff\?from=1&to=2#item-/);
  // 「版の比較」 of the item, the version read on the left and the new one on the right.
  const change = rev.locator(`section.diff-item[id="item-${item}"]`);
  const sides = change.locator('table.diff-text > tbody > tr').first().locator('td');
  assert.equal(await sides.count(), 2, 'side by side');
  assert.ok((await change.locator('td.old').allInnerTexts()).join('').includes(passage), 'the passage asked about, on the left');
  assert.ok((await change.locator('td.new').allInnerTexts()).join('').includes(REWRITTEN), 'the new words, on the right');
  assert.ok(await change.locator('del').count() > 0 && await change.locator('ins').count() > 0, 'the changes marked');
  await change.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shotHere(rev, '65-the-change');
});

test('its author keeps the question; the mark is gone', async () => {
  await rev.goto(`/q/${qid}`);
  await rev.getByRole('button', { name: '質問を維持する' }).click();
  await rev.waitForURL(/msg=anchor_confirmed$/);
  assert.equal(await rev.locator('.status-line .badge.changed').count(), 0);
  assert.match(await rev.locator('.kept').innerText(), /調査票の更新後も質問を維持（第2版）/);
  await shot(rev, '66-question-kept');
  const audit = JSON.parse(cnap(['audit', 'list', '--db', db, '--entity', 'question', '--id', String(qid), '--json']));
  const actions = audit.map((a) => a.action);
  assert.ok(actions.includes('question.survey-changed') && actions.includes('question.confirm-anchor'));
  assert.equal(audit.find((a) => a.action === 'question.survey-changed').actor, users.other);
});
