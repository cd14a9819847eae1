// The whole review cycle across the three roles, in the browser:
// reviewer files → secretariat approves and sends → association drafts and
// answers → secretariat returns → association answers again → secretariat
// accepts → the publication preview shows it, as the public will see it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  users, YEAR, makeDatabase, startServer, launchBrowser, newPage, login, shot, cnap,
} from './lib.js';

// Markup in the question must reach every page as text, never as elements.
const QUESTION = '生産活動量の見通しの根拠をお示しください。<b>太字</b><script>window.__xss = 1</script>';
const NOTE = '内部メモ：昨年度の回答（P.10）と比較すること';
const DRAFT = '・生産活動量は、会員企業へのアンケートに基づく';
const ANSWER1 = '・生産活動量は、会員企業へのアンケートに基づく見通しです。';
const RETURN_COMMENT = '見通しの前提（為替・需要）も記載してください。';
const ANSWER2 = '・生産活動量は、会員企業へのアンケートに基づく見通しです。\n・為替は1ドル130円、需要は前年並みを前提としています。';
const ASSOC_PAGE = `/c/${YEAR}/w/denshi/a/bearing`;

let server;
let db;
let chrome;
let rev;
let sec;
let asc;
let qid;

function questionCount() {
  return JSON.parse(cnap(['question', 'list', '--db', db, '--cycle', String(YEAR), '--association', 'bearing', '--json'])).length;
}

async function text(page, selector) {
  return (await page.locator(selector).first().innerText()).trim();
}

before(async () => {
  ({ db } = makeDatabase());
  server = await startServer(db);
  chrome = await launchBrowser();
  rev = (await newPage(chrome.browser, server.base)).page;
  sec = (await newPage(chrome.browser, server.base)).page;
  asc = (await newPage(chrome.browser, server.base)).page;
});

test('login page and dashboard in Japanese', async () => {
  await rev.goto('/');
  assert.match(rev.url(), /\/login\?next=\//);
  assert.equal(await text(rev, 'h1'), 'ログイン');
  await shot(rev, '01-login');
  await login(rev, users.reviewer);
  await rev.waitForURL(`**/c/${YEAR}`);
  assert.equal(await text(rev, 'h1'), '進捗状況');
  assert.match(await text(rev, 'table.counts'), /日本ベアリング工業会/);
  await shot(rev, '02-dashboard-reviewer');
});

test('reviewer files a question from an item of the survey outline', async () => {
  await rev.goto(ASSOC_PAGE);
  assert.equal(await text(rev, 'h1'), '日本ベアリング工業会');
  await shot(rev, '03-association-reviewer');
  await rev.locator('[id="item-II.4"]').getByRole('link', { name: 'この項目に質問する' }).click();
  await rev.waitForURL(/\/new\?item=II\.4$/);
  // The page map is the printed 調査票's (issue 12), not typed in: ask it where II.4 begins.
  const map = JSON.parse(cnap(['survey', 'pages', '--db', db, '--cycle', String(YEAR), '--wg', 'denshi',
    '--association', 'bearing', '--json']));
  const ii4 = String(map.items.find((x) => x.item === 'II.4').page);
  assert.equal(await rev.getByLabel('頁番号').inputValue(), ii4, 'page prefilled from the page map');
  const before = questionCount();
  // An empty question: the message sits next to the field and nothing is saved.
  await rev.getByRole('button', { name: '事務局へ提出' }).click();
  assert.equal(await text(rev, '#text-error'), '入力してください。');
  assert.equal(questionCount(), before);
  await shot(rev, '04-new-question-error');
  await rev.getByLabel('質問', { exact: true }).fill(QUESTION);
  await rev.getByLabel('内部メモ').fill(NOTE);
  await rev.getByRole('button', { name: '事務局へ提出' }).click();
  await rev.waitForURL(/\/q\/\d+\?msg=filed$/);
  qid = Number(rev.url().match(/\/q\/(\d+)/)[1]);
  assert.equal(questionCount(), before + 1);
  assert.ok((await text(rev, '.qtext')).includes('<b>太字</b><script>'), 'markup shown as text');
  assert.equal(await rev.locator('main b, .qtext script').count(), 0, 'no injected elements');
  assert.equal(await rev.evaluate(() => window.__xss), undefined);
  assert.equal(await text(rev, '.status-line .badge'), '提出済');
  assert.match(await text(rev, '.status-line'), /次の対応：事務局（内容確認）/);
  await shot(rev, '05-question-reviewer');
});

test('secretariat approves from the queue and sends with a deadline', async () => {
  await login(sec, users.secretariat);
  await sec.goto(`/c/${YEAR}/queue`);
  const row = sec.locator(`li.row:has(a[href="/q/${qid}"])`);
  assert.match(await row.innerText(), /日本ベアリング工業会/);
  await shot(sec, '06-queue');
  await row.getByRole('button', { name: '承認する' }).click();
  await sec.waitForURL(/queue\?msg=approve$/);
  await sec.goto(`/q/${qid}`);
  assert.equal(await text(sec, '.status-line .badge'), '承認済');
  // Staff see who asked and the internal note.
  assert.match(await text(sec, 'main'), /森岡 遥/);
  assert.match(await text(sec, '.internal-note'), /昨年度の回答/);
  await sec.locator('#send-due').fill('2099-12-31');
  await sec.getByRole('button', { name: '団体へ送付' }).click();
  await sec.waitForURL(/\/q\/\d+\?msg=send$/);
  assert.equal(await text(sec, '.notice'), '業界団体へ送付しました。');
  assert.equal(await text(sec, '.status-line .badge'), '回答待ち');
  assert.match(await text(sec, '.status-line'), /業界団体（回答）/);
  assert.match(await text(sec, '.status-line'), /2099年12月31日/);
  await shot(sec, '07-question-secretariat');
});

test('association sees the question without author or note, and drafts are saved as it types', async () => {
  await login(asc, users.association);
  await asc.goto(ASSOC_PAGE);
  const card = asc.locator(`#q-${qid}`);
  assert.ok((await card.innerText()).includes('<b>太字</b>'));
  const page = await text(asc, 'main');
  assert.doesNotMatch(page, /morioka|森岡|昨年度の回答|質問者/, 'no author or internal note');
  await shot(asc, '08-association-page-association');
  await asc.goto(`/q/${qid}`);
  assert.doesNotMatch(await text(asc, 'main'), /morioka|森岡|昨年度の回答/);
  await asc.getByLabel('回答', { exact: true }).fill(DRAFT);
  await asc.locator('#answer-status', { hasText: '自動保存' }).waitFor();
  await shot(asc, '09-answer-autosaved');
  await asc.reload();
  assert.equal(await asc.getByLabel('回答', { exact: true }).inputValue(), DRAFT, 'the draft was stored');
  await asc.getByLabel('回答', { exact: true }).fill(ANSWER1);
  await asc.getByRole('button', { name: '回答を提出' }).click();
  await asc.waitForURL(/msg=answered$/);
  assert.equal(await text(asc, '.status-line .badge'), '回答済');
  assert.match(await text(asc, '.notice'), /回答を提出しました/);
});

test('secretariat returns the answer; a return needs a reason', async () => {
  await sec.goto(`/q/${qid}`);
  assert.match(await text(sec, '.answer-panel'), /アンケートに基づく見通しです/);
  await sec.getByRole('button', { name: '回答を差し戻す' }).click();
  assert.equal(await text(sec, '#comment-error'), '入力してください。');
  assert.equal(await text(sec, '.status-line .badge'), '回答済', 'nothing changed');
  await sec.getByLabel('差戻しの理由').fill(RETURN_COMMENT);
  await sec.getByRole('button', { name: '回答を差し戻す' }).click();
  await sec.waitForURL(/msg=return$/);
  assert.equal(await text(sec, '.status-line .badge'), '回答待ち');
  assert.match(await text(sec, '.status-line'), /業界団体（再回答）/);
});

test('association reads the reason and answers again', async () => {
  await asc.goto(`/q/${qid}`);
  assert.match(await text(asc, '.returned'), /為替・需要/);
  await shot(asc, '10-answer-returned');
  await asc.getByLabel('回答', { exact: true }).fill(ANSWER2);
  await asc.getByRole('button', { name: '回答を提出' }).click();
  await asc.waitForURL(/msg=answered$/);
  assert.equal(await text(asc, '.status-line .badge'), '回答済');
});

test('secretariat accepts; the publication preview shows the pair exactly as published', async () => {
  await sec.goto(`/q/${qid}`);
  await sec.getByRole('button', { name: '回答を確定' }).click();
  await sec.waitForURL(/msg=accept$/);
  assert.equal(await text(sec, '.status-line .badge'), '回答確定');
  await sec.goto(`/c/${YEAR}/w/denshi/publish?association=bearing`);
  const frame = sec.frameLocator('iframe.preview-frame');
  await frame.locator('h1').waitFor();
  assert.match(await frame.locator('h1').innerText(), /令和五年度評価・検証WG「日本ベアリング工業会」/);
  const row = frame.locator('[id="item-II.4"]');
  assert.ok((await frame.locator('body').innerText()).includes('<b>太字</b><script>'), 'question as text');
  assert.match(await frame.locator('body').innerText(), /為替は1ドル130円/);
  assert.ok(await row.count());
  assert.equal(await frame.locator('td b, td script').count(), 0);
  assert.doesNotMatch(await frame.locator('body').innerText(), /morioka|昨年度の回答/, 'nothing internal');
  await shot(sec, '11-publish-preview');
  const csv = await sec.request.get(`/c/${YEAR}/w/denshi/publish/qa-list.csv?association=bearing`);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-disposition'], /attachment; filename="qa-list-2023-denshi-bearing\.csv"/);
  assert.ok((await csv.text()).includes('為替は1ドル130円'));
  const pdf = await sec.request.get(`/c/${YEAR}/w/denshi/publish/qa-list.pdf?association=bearing`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  const json = await sec.request.get(`/c/${YEAR}/w/denshi/publish/qa-list.json?association=bearing`);
  assert.ok(JSON.stringify(await json.json()).includes('<b>太字</b>'));
  await sec.getByRole('button', { name: '確定済みの質問を公表する（確認へ）' }).click();
  await sec.getByRole('button', { name: /^第\d+版として公表する$/ }).click();
  await sec.waitForURL(/msg=published$/);
  await sec.goto(`/q/${qid}`);
  assert.equal(await text(sec, '.status-line .badge'), '公表済');
});

test('the history of the question comes from the audit trail', async () => {
  await sec.goto(`/q/${qid}/history`);
  const steps = await sec.locator('.what strong').allInnerTexts();
  for (const s of ['質問を登録', '承認', '業界団体へ送付', '回答を提出', '回答を差戻し', '回答を確定', '公表'])
    assert.ok(steps.includes(s), `history has ${s}: ${steps.join(' / ')}`);
  assert.match(await text(sec, '.timeline'), /森岡 遥（WG委員）/);
  await shot(sec, '12-history');
});

test('every main page reads in Japanese (screenshots)', async () => {
  await sec.goto(`/c/${YEAR}`);
  await shot(sec, '13-dashboard-secretariat');
  await sec.goto('/admin/users');
  await shot(sec, '14-users');
  // A token made by a script's owner shows on the account page, with its revoke button.
  cnap(['user', 'token', '--db', db, '--login', users.secretariat, '--label', '夜間の集計スクリプト']);
  await sec.goto('/account');
  assert.match(await text(sec, 'table.tokens'), /夜間の集計スクリプト/);
  assert.match(await text(sec, 'table.tokens'), /\d{4}年\d{1,2}月\d{1,2}日/);
  await shot(sec, '15-account');
  await sec.getByRole('button', { name: '失効（夜間の集計スクリプト）' }).click();
  await sec.waitForURL(/\/account\?msg=token_revoked/);
  assert.equal(await sec.locator('table.tokens').count(), 0);
  assert.match(await text(sec, '#tokens'), /APIトークンはありません/);
  await sec.goto('/no/such/page');
  await shot(sec, '16-not-found');
  await sec.goto(`/c/${YEAR}/w/denshi/a/sangyo-kikai`);
  await shot(sec, '17-association-secretariat');
  // The association page carries the survey's figures (issue 4): charts as inline SVG, tables.
  await asc.goto(ASSOC_PAGE);
  await asc.locator('details.survey summary').click();
  assert.ok(await asc.locator('details.survey figure.chart svg').count() >= 1);
  assert.match(await asc.locator('details.survey').innerText(), /実績の総括表/);
  await shot(asc, '18-association-survey-data');
});

test('the server shuts down cleanly (no leaks under ASan)', async () => {
  await chrome.close();
  const r = await server.stop();
  assert.equal(r.code, 0, r.stderr);
});
