// Editions and corrections (issue 11, items 5 and 6) in the browser: the publish page lists what is not
// ready as blockers with links and leaves them out; publishing asks first and makes 第1版; a published
// question is reopened for a correction (with a reason), edited and accepted again; publishing makes 第2版
// with its 正誤表; both editions stay downloadable byte for byte, also for a reader of the WG.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { users, YEAR, makeDatabase, startServer, launchBrowser, newPage, login, shot, cnap } from './lib.js';

const PUBLISH = `/c/${YEAR}/w/denshi/publish`;
const BEFORE = '省エネ設備の導入台数の推移をお示しください。';
const AFTER = '省エネ設備の導入台数と削減量の推移をお示しください。';
const UNSENT = '承認されたが送付されていない質問です。';

let server, db, dir, chrome, sec, rev;
let fixed, unsent;

function q(args) {
  return JSON.parse(cnap(['question', ...args, '--db', db, '--json']));
}
const sha = (buf) => createHash('sha256').update(buf).digest('hex');

before(async () => {
  ({ db, dir } = makeDatabase());
  const file = ['file', '--cycle', String(YEAR), '--wg', 'denshi', '--association', 'bearing', '--page', '7'];
  fixed = q([...file, '--item', 'II.5', '--text', BEFORE]).id;
  cnap(['question', 'send', '--db', db, '--id', String(fixed)]);
  cnap(['answer', '--db', db, '--as', users.association, '--id', String(fixed), '--text', '年度別の台数を別紙に示します。']);
  cnap(['question', 'accept', '--db', db, '--id', String(fixed)]);
  unsent = q([...file, '--item', 'II.4', '--text', UNSENT]).id; // approved, never sent
  server = await startServer(db);
  chrome = await launchBrowser();
  sec = (await newPage(chrome.browser, server.base)).page;
  await login(sec, users.secretariat);
  await sec.waitForURL(`**/c/${YEAR}`);
  rev = (await newPage(chrome.browser, server.base)).page;
  await login(rev, users.reviewer);
  await rev.waitForURL(`**/c/${YEAR}`);
});

after(async () => {
  await chrome?.close();
  if (server) {
    const { code, stderr } = await server.stop();
    assert.equal(code, 0, `cnap serve exits cleanly: ${stderr}`);
  }
});

test('the publish page lists blockers with links, and the preview leaves them out', async () => {
  await sec.goto(PUBLISH);
  const blockers = sec.locator('#blockers');
  assert.match(await blockers.innerText(), /承認済・未送付 \d+件/);
  const link = blockers.locator(`a[href="/q/${unsent}"]`);
  assert.equal(await link.count(), 1, 'the unsent question is linked');
  const frame = sec.frameLocator('iframe.preview-frame');
  await frame.locator('h1').first().waitFor();
  const body = await frame.locator('body').innerText();
  assert.ok(!body.includes(UNSENT), 'an approved question never sent is not in the list');
  assert.ok(body.includes(BEFORE), 'the accepted one is');
  await shot(sec, '40-publish-blockers');
});

let first; // 第1版's PDF as downloaded after publishing

test('publishing asks first, then makes 第1版 with its files', async () => {
  await sec.goto(PUBLISH);
  await sec.getByRole('button', { name: '確定済みの質問を公表する（確認へ）' }).click();
  assert.match(await sec.locator('h1').innerText(), /第1版として公表しますか/);
  assert.equal(await q(['show', '--id', String(fixed)]).status, 'accepted', 'nothing is published before confirming');
  await shot(sec, '41-publish-confirm');
  await sec.getByRole('button', { name: '第1版として公表する' }).click();
  await sec.waitForURL(/msg=published$/);
  assert.equal(q(['show', '--id', String(fixed)]).status, 'published');
  const ed = sec.locator('#edition-1');
  assert.match(await ed.innerText(), /第1版/);
  const pdf = await sec.request.get(`${PUBLISH}/editions/1/qa-list.pdf`);
  assert.equal(pdf.status(), 200);
  first = await pdf.body();
  const out = path.join(dir, 'ed1.pdf');
  cnap(['publish', 'edition-get', '--db', db, '--cycle', String(YEAR), '--wg', 'denshi', '--edition', '1',
    '--format', 'pdf', '--output', out]);
  assert.equal(sha(first), sha(readFileSync(out)), 'the browser and the CLI get the same bytes');
  const json = await (await sec.request.get(`${PUBLISH}/editions/1/qa-list.json`)).text();
  assert.ok(json.includes(BEFORE) && !json.includes(UNSENT));
});

test('a published question offers 「訂正のため再開」, not a dead end', async () => {
  const edit = await sec.request.post(`/q/${fixed}/edit`, { form: { text: AFTER } });
  assert.equal(edit.status(), 403, 'a POST without the CSRF token is refused');
  await sec.goto(`/q/${fixed}`);
  assert.equal(await sec.locator('details.edit').count(), 0, 'no edit form on a published question');
  await sec.getByLabel('訂正の理由（監査記録に残ります）').fill('「削減量」が抜けていたため');
  await shot(sec, '42-question-reopen');
  await sec.getByRole('button', { name: '訂正のため再開' }).click();
  await sec.waitForURL(/msg=reopen$/);
  await sec.locator('details.edit summary').click();
  await sec.locator('#edit-text').fill(AFTER);
  await sec.locator('details.edit').getByRole('button', { name: '保存' }).click();
  await sec.waitForURL(/msg=saved$/);
  await sec.getByRole('button', { name: '回答を確定' }).click();
  await sec.waitForURL(/msg=accept$/);
  const history = JSON.parse(cnap(['audit', 'list', '--db', db, '--entity', 'question', '--id', String(fixed), '--json']));
  const reopen = history.find((h) => h.action === 'question.reopen');
  assert.ok(reopen, 'the reopening is audited');
  assert.equal(reopen.actor, users.secretariat);
  assert.equal(reopen.after.reason, '「削減量」が抜けていたため');
});

test('publishing again makes 第2版 with a change note and a 正誤表; 第1版 stays as it was', async () => {
  await sec.goto(PUBLISH);
  await sec.getByRole('button', { name: '確定済みの質問を公表する（確認へ）' }).click();
  await sec.getByLabel(/変更内容/).fill('質問文の誤りを訂正');
  await sec.getByRole('button', { name: '第2版として公表する' }).click();
  await sec.waitForURL(/msg=published$/);
  const again = await sec.request.get(`${PUBLISH}/editions/1/qa-list.pdf`);
  assert.equal(sha(await again.body()), sha(first), '第1版 is the same bytes after 第2版');
  const csv = await (await sec.request.get(`${PUBLISH}/editions/2/errata.csv`)).text();
  assert.ok(csv.includes('Ⅱ．（５）') && csv.includes(BEFORE) && csv.includes(AFTER), csv);
  const ed2json = await (await sec.request.get(`${PUBLISH}/editions/2/qa-list.json`)).text();
  assert.ok(ed2json.includes(AFTER) && !ed2json.includes(BEFORE));
});

test('a reader of the WG sees the latest edition, the earlier one and the 正誤表', async () => {
  await rev.goto(`${PUBLISH}/editions`);
  const latest = rev.locator('.edition.latest');
  assert.match(await latest.locator('h3').innerText(), /第2版\s*最新/);
  assert.match(await latest.innerText(), /質問文の誤りを訂正/);
  const errata = latest.locator('table.errata tbody tr');
  assert.equal(await errata.count(), 1);
  const cells = await errata.first().locator('td').allInnerTexts();
  assert.equal(cells[1], 'Ⅱ．（５）');
  assert.equal(cells[3], '質問');
  assert.equal(cells[4], BEFORE);
  assert.equal(cells[5], AFTER);
  assert.equal(await rev.locator('#edition-1').count(), 1, 'the earlier edition is listed');
  const dl = await rev.request.get(`${PUBLISH}/editions/1/qa-list.pdf`);
  assert.equal(sha(await dl.body()), sha(first), 'readers download the same bytes');
  await shot(rev, '43-editions-reader');
  const html = await rev.request.get(`${PUBLISH}/editions/2/errata.html`);
  assert.equal(html.status(), 200);
  assert.match(await html.text(), /正誤表（第2版）/);
  assert.equal((await rev.request.get(PUBLISH)).status(), 403, 'the publish page itself is the secretariat\'s');
});
