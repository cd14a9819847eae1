// Users by CSV (issue 14, "Done when": the secretariat adds a user by CSV) in the browser: on ユーザー管理 the
// secretariat chooses a CSV (UTF-8 with a BOM, as Excel's 「CSV UTF-8」 saves it), sees who will be added in
// 「一括登録の確認」, and 「登録する」 adds them; a file with problems lists every row's problem with its line
// and column and adds no one; one user's edit page deactivates them, and they can no longer log in.
// Screenshots 90–93.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { users, YEAR, PASSWORD, makeDatabase, startServer, launchBrowser, newPage, login, shot, cnap } from './lib.js';

let server, chrome, secr, db, dir;

before(async () => {
  ({ db, dir } = makeDatabase());
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

const HEADER = 'ログインID,氏名,役割,業界団体,WG,メールアドレス\r\n';

function csvFile(name, body) {
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEADER + body, 'utf8')]));
  return file;
}

const logins = () => JSON.parse(cnap(['user', 'list', '--db', db, '--json'])).map((u) => u.login);

test('the secretariat adds users by CSV, through the confirmation', async () => {
  await secr.goto('/admin/users');
  const section = secr.locator('section#import');
  assert.equal(await section.getByRole('heading').innerText(), 'CSVまたはExcelで一括登録');
  await shot(secr, '90-users-import-form');
  const file = csvFile('users.csv',
    'nakamura,中村 直子,WG委員,,denshi,nakamura@example.jp\r\n' +
    'ogawa,小川 健,業界団体,bearing,,ogawa@bearing.example.jp\r\n');
  const before = logins();
  await section.getByLabel('ファイル').setInputFiles(file);
  await section.getByRole('button', { name: '内容を確認する' }).click();
  await secr.waitForURL('**/admin/user-import');
  assert.equal(await secr.locator('h1').innerText(), '一括登録の確認');
  const rows = secr.locator('table.import-users tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(0).innerText(), /nakamura\s+中村 直子\s+WG委員\s+電子・電機・産業機械等WG\s+nakamura@example\.jp/);
  assert.match(await rows.nth(1).innerText(), /ogawa\s+小川 健\s+業界団体\s+日本ベアリング工業会/);
  assert.deepEqual(logins(), before, 'nothing is added before 「登録する」');
  const shown = await secr.locator('main').innerText();
  assert.doesNotMatch(shown, /\{"|invalid|error|null/i, 'no JSON nor English on the confirmation');
  await shot(secr, '91-users-import-confirm');
  await secr.getByRole('button', { name: '登録する' }).click();
  await secr.waitForURL('**/admin/users?cycle=*msg=users_imported');
  assert.match(await secr.locator('main').innerText(), /ユーザーを一括登録しました/);
  const row = secr.locator('table.users tr', { has: secr.locator('code', { hasText: /^nakamura$/ }) });
  assert.match(await row.innerText(), /中村 直子\s+WG委員\s+電子・電機・産業機械等WG\s+nakamura@example\.jp\s+パスワード未設定/);
  assert.ok(logins().includes('nakamura') && logins().includes('ogawa'));
});

test('a file with problems lists every row\'s problem and adds no one', async () => {
  await secr.goto('/admin/users');
  const file = csvFile('bad.csv',
    'nakamura,中村 直子,WG委員,,denshi,\r\n' +
    'kondo,,WG委員,,,kondo@@example.jp\r\n' +
    'mori,森 一,業界団体,nosuch,,mori@example\r\n');
  const before = logins();
  const section = secr.locator('section#import');
  await section.getByLabel('ファイル').setInputFiles(file);
  await section.getByRole('button', { name: '内容を確認する' }).click();
  await secr.waitForURL('**/admin/user-import');
  assert.match(await secr.locator('#import-problems-h').innerText(), /ファイルに問題があります（6件）/);
  const problems = await secr.locator('table.import-problems tbody tr').allInnerTexts();
  assert.deepEqual(problems.map((p) => p.split('\t').slice(0, 2).join(' ')),
    ['2行目 ログインID', '3行目 氏名', '3行目 WG', '3行目 メールアドレス', '4行目 業界団体', '4行目 メールアドレス']);
  assert.match(problems[0], /ログインID「nakamura」は既に登録されています/);
  assert.match(problems[4], /業界団体「nosuch」は登録されていません/);
  assert.equal(await secr.getByRole('button', { name: '登録する' }).count(), 0, 'nothing to confirm');
  assert.deepEqual(logins(), before, 'no one added');
  await shot(secr, '92-users-import-problems');
});

test('the secretariat deactivates a user on their edit page, and they can no longer log in', async () => {
  await secr.goto(`/admin/users/morioka/edit?cycle=${YEAR}`);
  assert.ok(await secr.getByRole('checkbox', { name: '電子・電機・産業機械等WG' }).isChecked());
  await secr.getByLabel('メールアドレス').fill('morioka@example.jp');
  await secr.getByRole('button', { name: '保存する' }).click();
  await secr.waitForURL('**msg=user_updated');
  assert.match(await secr.locator('main').innerText(), /ユーザーを更新しました/);
  await secr.getByRole('button', { name: '無効にする' }).click();
  await secr.waitForURL('**msg=user_deactivated');
  assert.match(await secr.locator('.page-head').innerText(), /無効/);
  await shot(secr, '93-user-edit-deactivated');
  const { page: rev } = await newPage(chrome.browser, server.base);
  await login(rev, users.reviewer, PASSWORD);
  assert.match(await rev.locator('main').innerText(), /ログイン名またはパスワードが正しくない/);
  await secr.goto('/admin/users');
  const row = secr.locator('table.users tr', { has: secr.locator('code', { hasText: /^morioka$/ }) });
  assert.match(await row.innerText(), /morioka@example\.jp\s+無効/);
});
