// Every negative case of issue 3: validation with nothing saved, 413, unknown
// routes, another association's question, CSRF, markup shown as text,
// security headers, lockout, logout, session expiry, password change, and the
// JSON API with the same rules.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  users, YEAR, PASSWORD, makeDatabase, startServer, launchBrowser, newPage, login, shot, cnap,
  assertSecurityHeaders,
} from './lib.js';

let db;
let server;
let chrome;
let sec;
let asc;
let secCtx;
let ascCtx;
let otherQuestion; // a question of another association (kosaku-kikai), sent to it
let draftQuestion; // a draft of bearing's, not yet sent

function sql(query) {
  return cnap(['question', 'list', '--db', db, '--cycle', String(YEAR), ...query, '--json']);
}

before(async () => {
  ({ db } = makeDatabase());
  otherQuestion = JSON.parse(sql(['--association', 'kosaku-kikai'])).find((q) => q.status === 'sent').id;
  cnap(['question', 'file', '--db', db, '--cycle', String(YEAR), '--wg', 'denshi', '--association', 'bearing',
    '--item', 'II.4', '--page', '10', '--text', '未送付の質問です。', '--as', users.reviewer]);
  draftQuestion = JSON.parse(sql(['--association', 'bearing'])).find((q) => q.status === 'draft').id;
  server = await startServer(db);
  chrome = await launchBrowser();
  ({ page: sec, context: secCtx } = await newPage(chrome.browser, server.base));
  ({ page: asc, context: ascCtx } = await newPage(chrome.browser, server.base));
  await login(sec, users.secretariat);
  await login(asc, users.association);
});

test('unknown routes are 404, as a page and in the API', async () => {
  const r = await sec.goto('/no/such/page');
  assert.equal(r.status(), 404);
  assert.equal((await sec.locator('h1').innerText()).trim(), 'お探しのページは見つかりませんでした。');
  const api = await sec.request.get('/api/no/such/thing');
  assert.equal(api.status(), 404);
  assert.equal((await api.json()).error.code, 'not_found');
  assert.equal((await sec.request.get('/q/999999')).status(), 404);
  assert.equal((await sec.request.get('/static/nothing.css')).status(), 404);
});

test('security headers on every kind of response', async () => {
  const cases = {
    page: await sec.request.get(`/c/${YEAR}`),
    static: await sec.request.get('/static/cnap.css'),
    notFound: await sec.request.get('/nope'),
    redirect: await sec.request.get('/', { maxRedirects: 0 }),
    api: await sec.request.get(`/api/c/${YEAR}`),
    login: await chrome.browser.newContext().then((c) => c.request.get(`${server.base}/login`)),
    tooBig: await sec.request.post('/login', { data: 'x'.repeat(300 * 1024), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
  };
  for (const [label, r] of Object.entries(cases)) assertSecurityHeaders(assert, r.headers(), label);
  assert.equal(cases.page.headers()['cache-control'], 'no-store');
  assert.equal(cases.api.headers()['cache-control'], 'no-store');
  assert.match(cases.page.headers()['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal(cases.page.headers()['x-frame-options'], 'DENY');
});

test('a body over the limit is refused with 413', async () => {
  const big = 'text=' + 'あ'.repeat(120 * 1024);
  const r = await asc.request.post(`/q/${otherQuestion}/answer`, {
    data: big, headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(r.status(), 413);
  assert.match(await r.text(), /大きすぎます/);
  const api = await asc.request.post(`/api/q/${otherQuestion}/answer`, { data: { text: 'あ'.repeat(120 * 1024) } });
  assert.equal(api.status(), 413);
  assert.equal((await api.json()).error.code, 'too_large');
});

test('an association asking for another association\'s question gets 404, with no hint', async () => {
  for (const path of [`/q/${otherQuestion}`, `/q/${draftQuestion}`, `/api/q/${otherQuestion}`,
    `/q/${otherQuestion}/history`, `/c/${YEAR}/w/denshi/a/kosaku-kikai`]) {
    const r = await asc.request.get(path);
    assert.equal(r.status(), 404, path);
  }
  const missing = await asc.request.get('/q/999999');
  const hidden = await asc.request.get(`/q/${otherQuestion}`);
  assert.equal(await hidden.text(), await missing.text(), 'the same page as for a question that does not exist');
  // Posting to it is refused the same way.
  const page = await asc.goto(`/c/${YEAR}/w/denshi/a/bearing`);
  assert.equal(page.status(), 200);
  const csrf = await asc.locator('input[name="_csrf"]').first().inputValue();
  const post = await asc.request.post(`/q/${otherQuestion}/answer`, { form: { _csrf: csrf, text: '他団体への回答' } });
  assert.equal(post.status(), 404);
  assert.doesNotMatch(await asc.locator('main').innerText(), /未送付の質問です/, 'unsent questions are not listed');
});

test('a POST without a valid CSRF token gets 403', async () => {
  const noToken = await sec.request.post(`/q/${draftQuestion}/step`, { form: { step: 'approve' } });
  assert.equal(noToken.status(), 403);
  const badToken = await sec.request.post(`/q/${draftQuestion}/step`, { form: { step: 'approve', _csrf: 'f'.repeat(32) } });
  assert.equal(badToken.status(), 403);
  const api = await sec.request.post(`/api/q/${draftQuestion}/step`, { data: { step: 'approve' } });
  assert.equal(api.status(), 403);
  // The login form has its own pre-session token.
  const fresh = await chrome.browser.newContext();
  const login403 = await fresh.request.post(`${server.base}/login`, { form: { login: users.secretariat, password: PASSWORD } });
  assert.equal(login403.status(), 403);
  await fresh.close();
  const q = JSON.parse(sql(['--association', 'bearing'])).find((x) => x.id === draftQuestion);
  assert.equal(q.status, 'draft', 'nothing changed');
});

test('HTML and script in names and texts show as text', async () => {
  await sec.goto('/admin/users');
  await sec.getByLabel('ログイン名', { exact: true }).fill('bad login!');
  await sec.getByLabel('氏名', { exact: true }).fill('<img src=x onerror="window.__xss=1">委員');
  await sec.getByLabel('初期パスワード').fill('short');
  await sec.getByRole('button', { name: 'ユーザーを追加' }).click();
  assert.match(await sec.locator('#login-error').innerText(), /半角英数字/);
  assert.match(await sec.locator('#password-error').innerText(), /8文字以上/);
  assert.equal(await sec.getByLabel('氏名', { exact: true }).inputValue(), '<img src=x onerror="window.__xss=1">委員');
  await shot(sec, '20-users-errors');
  await sec.getByLabel('ログイン名', { exact: true }).fill('xss-reviewer');
  await sec.getByLabel('役割').selectOption('reviewer');
  await sec.getByLabel('電子・電機・産業機械等WG').check();
  await sec.getByLabel('初期パスワード').fill('reviewer-pass-1');
  await sec.getByRole('button', { name: 'ユーザーを追加' }).click();
  await sec.waitForURL(/msg=user_added$/);
  assert.match(await sec.locator('table.users').innerText(), /<img src=x onerror="window.__xss=1">委員/);
  assert.equal(await sec.locator('main img').count(), 0);
  // That reviewer files a question whose text is markup; the association page shows it as text.
  const { page: rev } = await newPage(chrome.browser, server.base);
  await login(rev, 'xss-reviewer', 'reviewer-pass-1');
  await rev.goto(`/c/${YEAR}/w/denshi/a/bearing/new?item=I.1`);
  await rev.getByLabel('質問', { exact: true }).fill('"><svg onload=window.__xss=1>');
  await rev.getByRole('button', { name: '事務局へ提出' }).click();
  await rev.waitForURL(/msg=filed$/);
  await rev.goto(`/c/${YEAR}/w/denshi/a/bearing`);
  assert.equal(await rev.locator('main .qcard svg, main svg[onload]').count(), 0);
  assert.ok((await rev.locator('main').innerText()).includes('"><svg onload=window.__xss=1>'));
  assert.equal(await rev.evaluate(() => window.__xss), undefined);
  await rev.goto(`/q/${draftQuestion}`);
  assert.equal((await rev.goto(`/q/${draftQuestion}`)).status(), 404, "another reviewer's draft is theirs");
  await rev.context().close();
});

test('field validation: message next to the field, status 422, nothing saved', async () => {
  const before = sql(['--association', 'bearing']);
  await sec.goto(`/c/${YEAR}/w/denshi/a/bearing/new?item=II.4`);
  await sec.getByLabel('頁番号').fill('12a');
  await sec.getByLabel('質問', { exact: true }).fill('あ'.repeat(4001));
  await sec.locator('#due_on').evaluate((el) => { el.type = 'text'; el.value = '2023-02-30'; });
  const [resp] = await Promise.all([
    sec.waitForResponse((r) => r.url().endsWith('/questions')),
    sec.getByRole('button', { name: '質問を登録' }).click(),
  ]);
  assert.equal(resp.status(), 422);
  assert.match(await sec.locator('#page-error').innerText(), /1～9999/);
  assert.match(await sec.locator('#text-error').innerText(), /4000字以内/);
  assert.match(await sec.locator('#due_on-error').innerText(), /日付/);
  assert.equal(await sec.getByLabel('質問', { exact: true }).inputValue(), 'あ'.repeat(4001), 'input kept');
  assert.equal(sql(['--association', 'bearing']), before, 'nothing saved');
  // Through the API: the same rules, as JSON.
  const csrf = await sec.locator('input[name="_csrf"]').first().inputValue();
  const api = await sec.request.post(`/api/c/${YEAR}/w/denshi/a/bearing/questions`, {
    data: { item: 'no-such-item', text: '' }, headers: { 'X-CSRF-Token': csrf },
  });
  assert.equal(api.status(), 422);
  const e = (await api.json()).error;
  assert.equal(e.fields.text, '入力してください。');
  assert.equal(e.fields.item, '調査票の項目を選択してください。');
  assert.equal(sql(['--association', 'bearing']), before);
});

test('the JSON API: bearer tokens for scripts, same scope as the pages', async () => {
  const token = cnap(['user', 'token', '--db', db, '--login', users.association]).trim();
  const ctx = await chrome.browser.newContext({ baseURL: server.base, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const page = await ctx.request.get(`/api/c/${YEAR}/w/denshi/a/bearing`);
  assert.equal(page.status(), 200);
  const body = await page.json();
  assert.equal(body.association.name, '日本ベアリング工業会');
  const questions = body.items.flatMap((i) => i.questions);
  assert.ok(questions.length > 0);
  assert.ok(questions.every((q) => !('author' in q) && !('note' in q)), 'no author or note for an association');
  assert.equal((await ctx.request.get(`/api/q/${otherQuestion}`)).status(), 404);
  // A token needs no CSRF token: it is not a cookie a third-party page could make the browser send.
  const bearingSent = JSON.parse(sql(['--association', 'bearing'])).find((q) => q.status === 'accepted').id;
  const conflict = await ctx.request.post(`/api/q/${bearingSent}/answer`, { data: { text: '再回答' } });
  assert.equal(conflict.status(), 409, 'an accepted answer cannot be changed');
  const bad = await chrome.browser.newContext({ baseURL: server.base, extraHTTPHeaders: { Authorization: 'Bearer nope' } });
  assert.equal((await bad.request.get(`/api/c/${YEAR}`)).status(), 401);
  await bad.close();
  await ctx.close();
});

test('answer references: no circles, with the reason next to the field', async () => {
  const token = cnap(['user', 'token', '--db', db, '--login', users.secretariat]).trim();
  const ctx = await chrome.browser.newContext({ baseURL: server.base, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const [a, b] = JSON.parse(sql(['--association', 'kensetsu-kikai'])).filter((q) => q.status === 'accepted');
  const ok = await ctx.request.post(`/api/q/${a.id}/edit`, { data: { refers_to: String(b.id) } });
  assert.equal(ok.status(), 200, 'a points to b');
  const circle = await ctx.request.post(`/api/q/${b.id}/edit`, { data: { refers_to: String(a.id) } });
  assert.equal(circle.status(), 422, 'b cannot point back to a');
  const body = await circle.json();
  assert.match(body.error.fields.refers_to, /参照先にできません/);
  await ctx.close();
});

test('lockout after five failed logins', async () => {
  cnap(['user', 'passwd', '--db', db, '--login', 'ishida'], 'ishida-pass-1\n');
  const { page, context } = await newPage(chrome.browser, server.base);
  for (let i = 1; i <= 5; i++) {
    const [r] = await Promise.all([page.waitForResponse((x) => x.request().method() === 'POST'), login(page, 'ishida', 'wrong-password')]);
    // Locked or wrong, the same 401 and the same words: the answer never tells that a login exists.
    assert.equal(r.status(), 401, `attempt ${i}`);
  }
  assert.match(await page.locator('.error-banner').innerText(), /ロックされています/);
  await shot(page, '21-login-locked');
  await login(page, 'ishida', 'ishida-pass-1');
  assert.match(await page.locator('.error-banner').innerText(), /ロックされています/, 'even the right password');
  assert.match(page.url(), /\/login$/);
  // The secretariat lifts it by setting a new password.
  await sec.goto('/admin/users');
  assert.match(await sec.locator('tr:has(code:text-is("ishida"))').innerText(), /ロック中/);
  await sec.locator('#pw-ishida').fill('ishida-pass-2');
  await sec.locator('tr:has(code:text-is("ishida"))').getByRole('button', { name: '再設定' }).click();
  await sec.waitForURL(/msg=password_reset$/);
  await login(page, 'ishida', 'ishida-pass-2');
  await page.waitForURL(`**/c/${YEAR}`);
  await context.close();
});

test('after login, "next" only ever leads to our own pages', async () => {
  // Browsers drop tabs and newlines from URLs: "/\t/evil.example" would become "//evil.example".
  for (const next of ['/%09/evil.example', '//evil.example', '/%5Cevil.example', 'https://evil.example/', '/%0A/evil.example']) {
    const { page, context } = await newPage(chrome.browser, server.base);
    await page.goto(`/login?next=${next}`);
    await page.getByLabel('ログイン名').fill(users.reviewer);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForLoadState();
    const url = new URL(page.url());
    assert.equal(url.origin, server.base, `next=${next} stays on the site`);
    assert.equal(url.pathname, `/c/${YEAR}`, `next=${next} falls back to the dashboard`);
    await context.close();
  }
});

test('logout ends the session', async () => {
  const { page, context } = await newPage(chrome.browser, server.base);
  await login(page, users.reviewer);
  await page.waitForURL(`**/c/${YEAR}`);
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.waitForURL(/\/login\?msg=logged_out$/);
  assert.equal((await page.locator('.notice').innerText()).trim(), 'ログアウトしました。');
  await page.goto(`/c/${YEAR}`);
  assert.match(page.url(), /\/login\?next=/);
  await context.close();
});

test('a session expires after two idle hours', async () => {
  const { page, context } = await newPage(chrome.browser, server.base);
  await login(page, users.reviewer);
  await page.waitForURL(`**/c/${YEAR}`);
  // A second server on the same database whose clock is three hours ahead; cookies ignore the port.
  const later = new Date(Date.now() + 3 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const future = await startServer(db, { CNAP_FIXED_NOW: later });
  const r = await page.goto(`${future.base}/c/${YEAR}`);
  assert.match(r.url(), /\/login\?next=/);
  const stopped = await future.stop();
  assert.equal(stopped.code, 0, stopped.stderr);
  await page.goto(`/c/${YEAR}`);
  assert.match(page.url(), new RegExp(`/c/${YEAR}$`), 'still valid now');
  await context.close();
});

test('password change: wrong current password, mismatch, then success', async () => {
  const { page, context } = await newPage(chrome.browser, server.base);
  await login(page, users.other);
  await page.waitForURL(/\/c\//);
  await page.goto('/account');
  await page.getByLabel('現在のパスワード').fill('not-it');
  await page.getByLabel('新しいパスワード', { exact: true }).fill('new-pass-2024');
  await page.getByLabel('新しいパスワード（確認）').fill('new-pass-2024');
  await page.getByRole('button', { name: 'パスワードを変更' }).click();
  assert.match(await page.locator('#current-error').innerText(), /正しくありません/);
  await page.getByLabel('現在のパスワード').fill(PASSWORD);
  await page.getByLabel('新しいパスワード', { exact: true }).fill('new-pass-2024');
  await page.getByLabel('新しいパスワード（確認）').fill('new-pass-2025');
  await page.getByRole('button', { name: 'パスワードを変更' }).click();
  assert.match(await page.locator('#confirm-error').innerText(), /一致しません/);
  await shot(page, '22-account-errors');
  await page.getByLabel('現在のパスワード').fill(PASSWORD);
  await page.getByLabel('新しいパスワード', { exact: true }).fill('new-pass-2024');
  await page.getByLabel('新しいパスワード（確認）').fill('new-pass-2024');
  await page.getByRole('button', { name: 'パスワードを変更' }).click();
  await page.waitForURL(/msg=password_changed$/);
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await login(page, users.other, PASSWORD);
  assert.match(await page.locator('.error-banner').innerText(), /正しくないか/);
  await login(page, users.other, 'new-pass-2024');
  await page.waitForURL(/\/c\//);
  await context.close();
});

test('the server shuts down cleanly (no leaks under ASan)', async () => {
  await secCtx.close();
  await ascCtx.close();
  await chrome.close();
  const r = await server.stop();
  assert.equal(r.code, 0, r.stderr);
});
