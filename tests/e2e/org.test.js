// 組織の管理 (issue 14 item 3, the organisation half): the secretariat opens it from the menu, sees the
// sample's WG with its five associations in bundle order and their 調査票, adds a WG (a code that exists is
// refused beside the field), adds an association with its 業種, enrols it in the new WG with a 調査票 chosen
// from a list, moves an association up the bundle, and takes the new enrolment back; one that holds
// questions offers no such button. Nothing a person sees is JSON or English. Screenshots 95–98.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { users, YEAR, cnap, makeDatabase, startServer, launchBrowser, newPage, login, shot } from './lib.js';

let server, chrome, secr, db;

before(async () => {
  ({ db } = makeDatabase());
  server = await startServer(db);
  chrome = await launchBrowser();
  secr = (await newPage(chrome.browser, server.base)).page;
  await login(secr, users.secretariat);
  await secr.waitForURL(`**/c/${YEAR}`);
});

after(async () => {
  await chrome?.close();
  if (server) {
    const { code, stderr } = await server.stop();
    assert.equal(code, 0, `cnap serve exits cleanly: ${stderr}`);
  }
});

async function assertNoCodeShown(page) {
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /[{}]|"\w+":|\b(error|invalid|conflict|not found)\b/i, 'no JSON or English status on the page');
}

test('組織の管理 lists the WG with its associations in order and their 調査票', async () => {
  await secr.getByRole('link', { name: '組織の管理' }).click();
  await secr.waitForURL('**/admin/org');
  assert.match(await secr.locator('h1').innerText(), /組織の管理（令和5年度）/);
  const rows = secr.locator('#wg-denshi table.org-members tbody tr');
  assert.equal(await rows.count(), 5);
  assert.match(await rows.nth(0).innerText(), /^1\s+電機・電子温暖化対策連絡会/);
  assert.match(await rows.nth(2).innerText(), /日本産業機械工業会[\s\S]*主体間連携/);
  // bearing holds a version and questions: its enrolment cannot be taken back, its 調査票 not changed
  const bearing = secr.locator('#p-denshi-bearing');
  assert.equal(await bearing.getByRole('button', { name: '参加を取り消す' }).count(), 0);
  assert.equal(await bearing.locator('select[name=template]').count(), 0, 'no 調査票 to choose');
  assert.match(await bearing.innerText(), /提出・質問あり/);
  await assertNoCodeShown(secr);
  await shot(secr, '95-org');
});

test('a WG is added; a code that exists is refused beside the field', async () => {
  const form = secr.locator('#wg-add');
  await form.getByLabel('WGのコード').fill('denshi');
  await form.getByLabel('WG名').fill('重複するWG');
  await form.getByRole('button', { name: 'WGを追加' }).click();
  assert.match(await secr.locator('#wg-code-error').innerText(), /WGのコード「denshi」は令和5年度にすでにあります/);
  assert.equal(await secr.locator('#wg-add').getByLabel('WG名').inputValue(), '重複するWG', 'what was typed is kept');
  await assertNoCodeShown(secr);
  await shot(secr, '96-org-refused');
  await secr.locator('#wg-add').getByLabel('WGのコード').fill('tekko');
  await secr.locator('#wg-add').getByLabel('WG名').fill('鉄鋼WG');
  await secr.locator('#wg-add').getByRole('button', { name: 'WGを追加' }).click();
  await secr.waitForURL(/msg=org_wg_added/);
  assert.match(await secr.locator('p.notice').innerText(), /WGを追加しました/);
  assert.match(await secr.locator('#wg-tekko').innerText(), /鉄鋼WG[\s\S]*まだありません/);
});

test('an association is added with its 業種 and enrolled in the new WG with a 調査票 from the list', async () => {
  const add = secr.locator('#as-add');
  await add.getByLabel('団体のコード').fill('jisf');
  await add.getByLabel('団体名').fill('日本鉄鋼連盟');
  await add.getByLabel('業種').fill('鉄鋼業界');
  await add.getByRole('button', { name: '業界団体を追加' }).click();
  await secr.waitForURL(/msg=org_association_added/);
  assert.equal(await secr.locator('#as-industry-jisf').inputValue(), '鉄鋼業界');
  const join = secr.locator('#join');
  await join.getByLabel('WG').selectOption({ label: '鉄鋼WG' });
  await join.getByLabel('業界団体').selectOption({ label: '日本鉄鋼連盟' });
  await join.getByLabel('調査票').selectOption({ label: '令和5年度 調査票' });
  await join.getByRole('button', { name: 'WGに加える' }).click();
  await secr.waitForURL(/msg=org_enrolled#wg-tekko/);
  const row = secr.locator('#p-tekko-jisf');
  assert.match(await row.innerText(), /^1\s+日本鉄鋼連盟\s+鉄鋼業界/);
  assert.equal(await row.locator('select[name=template]').inputValue(), 'standard', 'the 調査票 chosen');
  assert.match(await secr.locator('#as-jisf').innerText(), /鉄鋼WG/);
  const listed = JSON.parse(cnap(['association', 'list', '--db', db, '--cycle', String(YEAR), '--wg', 'tekko', '--json']));
  assert.deepEqual(listed.map((a) => a.code), ['jisf']);
  await assertNoCodeShown(secr);
  await shot(secr, '97-org-enrolled');
});

test('an association is moved up the bundle; the new enrolment changes its 調査票 and is taken back', async () => {
  const kosaku = secr.locator('#p-denshi-kosaku-kikai');
  await kosaku.locator('select[name=position]').selectOption('1');
  await kosaku.getByRole('button', { name: '保存' }).click();
  await secr.waitForURL(/msg=org_enrolment_saved/);
  const first = secr.locator('#wg-denshi table.org-members tbody tr').first();
  assert.match(await first.innerText(), /^1\s+日本工作機械工業会/);
  assert.match(await secr.locator('#p-denshi-denki-denshi').innerText(), /^2\s/);
  // an enrolment that holds nothing may still change its 調査票
  const jisf = secr.locator('#p-tekko-jisf');
  await jisf.getByLabel('調査票（日本鉄鋼連盟）').selectOption('renumbered-iii-vi');
  await jisf.getByRole('button', { name: '保存' }).click();
  await secr.waitForURL(/msg=org_enrolment_saved/);
  assert.equal(await secr.locator('#p-tekko-jisf select[name=template]').inputValue(), 'renumbered-iii-vi');
  await secr.locator('#p-tekko-jisf').getByRole('button', { name: '参加を取り消す' }).click();
  await secr.waitForURL(/msg=org_enrolment_removed/);
  assert.match(await secr.locator('p.notice').innerText(), /WGへの参加を取り消しました/);
  assert.match(await secr.locator('#wg-tekko').innerText(), /まだありません/);
  await assertNoCodeShown(secr);
  await shot(secr, '98-org-reordered');
});
