// Year after year (issue 14, "Done when"): from the sample, `cnap cycle new --year 2024 --from 2023`; in the
// browser the secretariat switches to 令和6年度 in the header, sees the five associations, last year's figures
// in an association's form (前年度実績) and the question it marked 継続 as a follow-up linked to the original.
// The secretariat also marks 継続 on a question page, and makes a cycle from 年度の管理: what it would create
// first, then for real. Screenshots 84–89.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { users, YEAR, cnap, makeDatabase, startServer, launchBrowser, newPage, login, shot } from './lib.js';

let server, chrome, secr, db, carried, followup;
const NEXT = YEAR + 1;

before(async () => {
  ({ db } = makeDatabase());
  const list = JSON.parse(cnap(['question', 'list', '--db', db, '--cycle', String(YEAR), '--association', 'bearing', '--json']));
  carried = list.find((q) => q.status === 'accepted');
  cnap(['question', 'carry', '--db', db, '--id', String(carried.id)]);
  const plan = JSON.parse(cnap(['cycle', 'new', '--db', db, '--year', String(NEXT), '--from', String(YEAR), '--json']));
  assert.equal(plan.created, true);
  followup = plan.followups[0];
  server = await startServer(db);
  chrome = await launchBrowser();
  secr = (await newPage(chrome.browser, server.base)).page;
  await login(secr, users.secretariat);
  await secr.waitForURL(`**/c/${NEXT}`);
});

after(async () => {
  await chrome?.close();
  if (server) {
    const { code, stderr } = await server.stop();
    assert.equal(code, 0, `cnap serve exits cleanly: ${stderr}`);
  }
});

test('the header switches between 令和5年度 and 令和6年度', async () => {
  await secr.goto(`/c/${YEAR}`);
  const sw = secr.locator('details.cycle-switch');
  assert.equal((await sw.locator('summary').innerText()).trim(), '令和5年度');
  await sw.locator('summary').click();
  assert.deepEqual(await sw.locator('li a').allInnerTexts(), ['令和6年度', '令和5年度']);
  await shot(secr, '84-cycle-switch');
  await sw.getByRole('link', { name: '令和6年度' }).click();
  await secr.waitForURL(`**/c/${NEXT}`);
  assert.equal((await secr.locator('details.cycle-switch summary').innerText()).trim(), '令和6年度');
  const body = await secr.locator('main').innerText();
  for (const name of ['電機・電子温暖化対策連絡会', '日本ベアリング工業会', '日本産業機械工業会', '日本建設機械工業会', '日本工作機械工業会'])
    assert.ok(body.includes(name), `the 令和6年度 dashboard lists ${name}`);
  await shot(secr, '85-next-cycle-dashboard');
});

test("an association's 令和6年度 form starts from last year's figures", async () => {
  await secr.goto(`/c/${NEXT}/w/denshi/a/bearing/data/summary`);
  const head = await secr.locator('table thead').innerText();
  assert.match(head, /前年度実績\s*（2022年度）/);
  const row = secr.locator('tbody tr', { hasText: '生産活動量' });
  // 2023's 当年度実績 (2022) is 2024's 前年度実績
  assert.equal(await row.locator('input').nth(1).inputValue(), '505');
  assert.equal(await row.locator('input').nth(3).inputValue(), '', '当年度実績 (2023) waits for the association');
  await shot(secr, '86-next-cycle-form');
});

test('the question marked 継続 is a follow-up under 昨年度フォローアップ, linked to the original', async () => {
  await secr.goto(`/q/${followup.id}`);
  const facts = await secr.locator('dl.facts').innerText();
  assert.match(facts, /昨年度フォローアップを踏まえた取組状況/);
  assert.match(facts, new RegExp(`令和5年度 No\\.${carried.no}からの継続`));
  assert.equal((await secr.locator('.qtext').innerText()).trim(), carried.text.trim());
  assert.equal((await secr.locator('.badge.st-draft').first().innerText()).trim(), '下書き');
  await shot(secr, '87-followup');
  await secr.getByRole('link', { name: `令和5年度 No.${carried.no}` }).click();
  await secr.waitForURL(`**/q/${carried.id}`);
  assert.match(await secr.locator('dl.facts').innerText(), /継続する/);
});

test('the secretariat marks 継続 on a question page, and takes it back', async () => {
  const list = JSON.parse(cnap(['question', 'list', '--db', db, '--cycle', String(YEAR), '--association', 'kosaku-kikai', '--json']));
  const q = list.find((x) => x.status === 'accepted');
  await secr.goto(`/q/${q.id}`);
  await secr.getByRole('button', { name: '次年度に継続する' }).click();
  await secr.waitForURL(`**/q/${q.id}?msg=carry_on`);
  assert.match(await secr.locator('p.notice').innerText(), /次年度に継続する質問にしました/);
  assert.match(await secr.locator('dd.carry').innerText(), /継続する/);
  await shot(secr, '88-carry-mark');
  await secr.getByRole('button', { name: '継続をやめる' }).click();
  await secr.waitForURL(`**/q/${q.id}?msg=carry_off`);
  assert.match(await secr.locator('dd.carry').innerText(), /継続しない/);
});

test('年度の管理: the next cycle made in the browser, what it would create shown first', async () => {
  await secr.goto('/admin/cycles');
  assert.match(await secr.locator('table.cycles').innerText(), /令和6年度[\s\S]*令和5年度/);
  await secr.getByLabel('元にする年度').selectOption(String(NEXT));
  await secr.getByLabel('新しい年度（西暦）').fill(String(NEXT + 1));
  await secr.getByRole('button', { name: '作成される内容を確認する' }).click();
  const plan = secr.locator('section.plan');
  assert.match(await plan.locator('h2').innerText(), /令和7年度を作成します（まだ作成していません）/);
  assert.equal(await plan.locator('table.plan-participants tbody tr').count(), 5);
  await shot(secr, '89-cycle-new-plan');
  assert.equal(JSON.parse(cnap(['cycle', 'list', '--db', db, '--json'])).length, 2, 'the check creates nothing');
  await plan.getByRole('button', { name: '令和7年度を作成する' }).click();
  await secr.waitForURL(`**/c/${NEXT + 1}?msg=cycle_created`);
  assert.equal((await secr.locator('details.cycle-switch summary').innerText()).trim(), '令和7年度');
  // a year that exists is refused beside the field
  await secr.goto('/admin/cycles');
  await secr.getByLabel('新しい年度（西暦）').fill(String(NEXT));
  await secr.getByRole('button', { name: '作成される内容を確認する' }).click();
  assert.match(await secr.locator('#year-error').innerText(), /令和6年度（2024）のサイクルはすでにあります/);
});
