// E-mail that reaches whoever has the ball (issue 15, the first "Done when"), in the browser against a
// mail server on loopback that the test starts itself: a reviewer's question is sent by the secretariat,
// the association's message arrives (Japanese subject and body, its own user only, a link that opens the
// question after login); the association answers and the secretariat's message arrives; with the mail
// server stopped the secretariat's return still succeeds, the message waits in the outbox with the
// server's failure, and goes once the server is back on the same port. Screenshots 99–101.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  users, YEAR, PASSWORD, cnap, makeDatabase, startServer, launchBrowser, newPage, login, shot,
} from './lib.js';
import { startSink, freePort, messages, waitForMessage, until } from './mail_sink.js';

const QUESTION = '省エネ設備の更新計画（2030年度まで）について、年度ごとの投資額と削減見込みをお示しください。';
const NOTE = '内部メモ：委員会で再度確認する';
const ANSWER = '・2030年度までに熱処理炉を順次更新し、年あたり約800t-CO2の削減を見込んでいます。';
const RETURN_REASON = '年度ごとの投資額を表にしてお示しください。';
const ASSOC_PAGE = `/c/${YEAR}/w/denshi/a/bearing`;
const ASSOCIATION_NAME = '日本ベアリング工業会';

// Everyone in the sample has an address, so a message that leaked one would show it.
const EVERYONE = ['jimukyoku', 'morioka', 'ishida', 'kanzaki', 'hirose', 'denki-denshi-staff', 'bearing-staff',
  'sangyo-kikai-staff', 'kensetsu-kikai-staff', 'kosaku-kikai-staff'];
const address = (login) => `${login}@example.jp`;
const REVIEWER_NAMES = ['森岡 遥', '石田 俊介', '神崎 理恵', '広瀬 拓也'];

// The deadline: 30 days after today in Japan, as the send form takes it and as a message writes it.
const due = (() => {
  const d = new Date(Date.now() + 9 * 3600e3 + 30 * 86400e3);
  const iso = d.toISOString().slice(0, 10);
  const label = `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日（${'日月火水木金土'[d.getUTCDay()]}）`;
  return { iso, label };
})();

let work, db, server, chrome, sink, rev, sec, asc, qid, qno;

const firstDir = () => path.join(work, 'mail-1');
const againDir = () => path.join(work, 'mail-2'); // the sink numbers from 0001 again when it comes back

function outbox() {
  return JSON.parse(cnap(['mail', 'outbox', '--db', db, '--json']));
}

// The secretariat's outbox page (メール), and the row of outbox entry id on it.
async function outboxRow(id) {
  await sec.goto('/admin/mail');
  assert.equal(await text(sec, 'h1'), 'メール');
  const row = sec.locator('table.outbox tr.msg', { has: sec.locator(`a[href="/admin/mail/${id}"]`) });
  assert.equal(await row.count(), 1, `outbox entry ${id} on the page`);
  return row;
}

async function text(page, selector) {
  return (await page.locator(selector).first().innerText()).trim();
}

// What no message to the association may carry: another's address, a reviewer, the internal note.
function assertNothingOfOthers(m, label) {
  const seen = `${m.raw}\n${m.subject}\n${m.from}\n${m.to}\n${m.body}`;
  for (const login of EVERYONE.filter((l) => l !== users.association)) {
    assert.ok(!seen.includes(address(login)), `${label}: no ${address(login)} in the message`);
    assert.ok(!m.rcpt.includes(address(login)), `${label}: ${address(login)} not in the envelope`);
  }
  for (const name of REVIEWER_NAMES) assert.ok(!seen.includes(name), `${label}: no reviewer's name (${name})`);
  assert.ok(!seen.includes('morioka'), `${label}: no reviewer's login`);
  assert.ok(!seen.includes(NOTE), `${label}: no internal note`);
}

// UTF-8 text in base64 and an encoded subject, as every mail program reads them.
function assertHeaders(m, label) {
  const head = m.raw.slice(0, m.raw.indexOf('\r\n\r\n'));
  assert.match(head, /^Content-Type: text\/plain; charset="?UTF-8"?/im, `${label}: UTF-8 text`);
  assert.match(head, /^Content-Transfer-Encoding: base64/im, `${label}: base64 body`);
  assert.match(head, /^Subject: =\?UTF-8\?B\?/im, `${label}: RFC 2047 subject`);
  assert.match(head, /^Date: /m, `${label}: Date`);
  // the outbox row and when it was made: a database restored from a backup reuses row numbers
  assert.match(head, /^Message-ID: <cnap\.outbox\.\d+\.\d{14}@example\.jp>\r$/m, `${label}: Message-ID`);
  assert.equal(m.from, 'CN行動計画 事務局 <noreply@example.jp>', `${label}: From decodes`);
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'cnap-e2e-mail-'));
  ({ db } = makeDatabase());
  for (const login of EVERYONE) cnap(['user', 'edit', '--db', db, '--login', login, '--email', address(login)]);
  sink = await startSink(firstDir());
  const port = await freePort();
  const conf = path.join(work, 'mail.conf');
  writeFileSync(conf, [
    `smtp_url = smtp://127.0.0.1:${sink.port}`,
    'starttls = none',
    'from = noreply@example.jp',
    'from_name = CN行動計画 事務局',
    `base_url = http://127.0.0.1:${port}`,
    'poll_seconds = 1',
    'retry_first_seconds = 1',
    'retry_max_seconds = 2',
    // the server stays down for a while (ASan, a browser): no message may run out of tries meanwhile
    'max_attempts = 100',
    'timeout_seconds = 10',
    '',
  ].join('\n'));
  server = await startServer(db, { CNAP_MAIL_CONFIG: conf }, { listen: `127.0.0.1:${port}` });
  assert.equal(server.base, `http://127.0.0.1:${port}`);
  chrome = await launchBrowser();
  rev = (await newPage(chrome.browser, server.base)).page;
  sec = (await newPage(chrome.browser, server.base)).page;
  asc = (await newPage(chrome.browser, server.base)).page;
});

// Whatever happened: the mail server stopped, its folder gone, the web server down.
after(async () => {
  await sink?.stop();
  await chrome?.close();
  if (work && !process.env.E2E_KEEP) rmSync(work, { recursive: true, force: true });
  if (server) {
    const { code, stderr } = await server.stop();
    assert.equal(code, 0, `cnap serve exits cleanly: ${stderr}`);
  }
});

test('a reviewer files a question; the secretariat approves it and sends it with an answer deadline', async () => {
  await login(rev, users.reviewer);
  await rev.waitForURL(`**/c/${YEAR}`);
  await rev.goto(ASSOC_PAGE);
  await rev.locator('[id="item-II.4"]').getByRole('link', { name: 'この項目に質問する' }).click();
  await rev.waitForURL(/\/new\?item=II\.4$/);
  await rev.getByLabel('質問', { exact: true }).fill(QUESTION);
  await rev.getByLabel('内部メモ').fill(NOTE);
  await rev.getByRole('button', { name: '事務局へ提出' }).click();
  await rev.waitForURL(/\/q\/\d+\?msg=filed$/);
  qid = Number(rev.url().match(/\/q\/(\d+)/)[1]);
  // the secretariat is told first (and the message has gone before the approval makes it moot)
  const filed = await waitForMessage(firstDir(), address(users.secretariat), /承認待ちの事前質問があります/);
  assert.deepEqual(filed.rcpt, [address(users.secretariat)]);

  await login(sec, users.secretariat);
  await sec.goto(`/c/${YEAR}/queue`);
  await sec.locator(`li.row:has(a[href="/q/${qid}"])`).getByRole('button', { name: '承認する' }).click();
  await sec.waitForURL(/queue\?msg=approve$/);
  await sec.goto(`/q/${qid}`);
  await sec.locator('#send-due').fill(due.iso);
  await sec.getByRole('button', { name: '団体へ送付' }).click();
  await sec.waitForURL(/\/q\/\d+\?msg=send$/);
  assert.equal(await text(sec, '.status-line .badge'), '回答待ち');
  assert.ok((await text(sec, '.status-line')).includes(due.label.replace(/（.）$/, '')), 'the deadline is set');
  const q = JSON.parse(cnap(['question', 'list', '--db', db, '--cycle', String(YEAR), '--association', 'bearing',
    '--json'])).find((x) => x.id === qid);
  assert.equal(q.status, 'sent');
  qno = q.no;
  assert.ok(qno > 0, 'a sent question has its number');
});

test("the association's message arrives: in Japanese, to its own user only, with a link to the question after login", async () => {
  const m = await waitForMessage(firstDir(), address(users.association), /事前質問が届きました/);
  assert.deepEqual(m.rcpt, [address(users.association)], 'the envelope has the association user only');
  assert.equal(m.to, `宮田 里美 <${address(users.association)}>`);
  assert.equal(m.subject, `【CN行動計画】事前質問が届きました（No.${qno}、回答期限：${due.label}）`);
  assertHeaders(m, 'question_sent');
  assert.match(m.body, /^宮田 里美 様$/m);
  assert.ok(m.body.includes(`${ASSOCIATION_NAME}あてに事前質問が送付されました`), 'the association by name');
  assert.ok(m.body.includes(`回答期限：${due.label}`), 'the deadline in 年月日（曜）');
  assert.ok(m.body.includes(`【質問】\n${QUESTION}\n`), 'the question text');
  assert.match(m.body, /調査票の項目：Ⅱ．（４）/);
  assertNothingOfOthers(m, 'question_sent');
  const links = m.body.match(/https?:\/\/\S+/g);
  assert.deepEqual(links, [`${server.base}/q/${qid}`], 'one link, to the question on this server');

  // The link in a browser that never logged in: the login page, then the question itself.
  const { context, page } = await newPage(chrome.browser, server.base);
  await page.goto(links[0]);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('ログイン名').fill(users.association);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL(`${server.base}/q/${qid}`);
  assert.equal(await text(page, '.qtext'), QUESTION);
  assert.equal(await text(page, '.status-line .badge'), '回答待ち');
  await shot(page, '99-mail-link-question');
  await context.close();

  // Nobody else heard of this question: the only other message about it is the secretariat's notice
  // of the reviewer's filing (the sample's own overdue questions bring reminders of their own).
  const aboutIt = messages(firstDir()).filter((x) => x.file !== m.file && (x.body.includes(`/q/${qid}\n`)
    || x.body.includes(QUESTION)));
  assert.deepEqual(aboutIt.map((x) => x.rcpt), [[address(users.secretariat)]]);
  assert.match(aboutIt[0].subject, /承認待ちの事前質問があります/);
});

test("the association answers; the secretariat's message arrives", async () => {
  await login(asc, users.association);
  await asc.goto(`/q/${qid}`);
  await asc.getByLabel('回答', { exact: true }).fill(ANSWER);
  await asc.getByRole('button', { name: '回答を提出' }).click();
  await asc.waitForURL(/msg=answered$/);
  assert.equal(await text(asc, '.status-line .badge'), '回答済');
  const m = await waitForMessage(firstDir(), address(users.secretariat), /回答が提出されました/);
  assert.deepEqual(m.rcpt, [address(users.secretariat)]);
  assert.equal(m.subject, `【CN行動計画】回答が提出されました（${ASSOCIATION_NAME} No.${qno}）`);
  assertHeaders(m, 'answer_submitted');
  assert.match(m.body, /^佐伯 航 様$/m);
  assert.ok(m.body.includes(`【回答】\n${ANSWER}\n`), 'the answer text');
  assert.ok(m.body.includes(`【質問】\n${QUESTION}\n`), 'the question text');
  assert.deepEqual(m.body.match(/https?:\/\/\S+/g), [`${server.base}/q/${qid}`]);
});

test('with the mail server stopped the return succeeds, waits in the outbox with the error, and goes once the server is back', async () => {
  const port = sink.port;
  await sink.stop();
  await sec.goto(`/q/${qid}`);
  await sec.getByLabel('差戻しの理由').fill(RETURN_REASON);
  await sec.getByRole('button', { name: '回答を差し戻す' }).click();
  await sec.waitForURL(/msg=return$/);
  assert.equal(await text(sec, '.status-line .badge'), '回答待ち', 'the change succeeded without the mail server');
  assert.match(await text(sec, '.status-line'), /業界団体（再回答）/);

  // The sender has tried at least once and kept the message, with why it could not send it.
  const waiting = await until('a failed try recorded in the outbox', () => {
    const e = outbox().find((x) => x.event === 'answer_returned');
    return e && e.attempts >= 1 && e.last_error ? e : undefined;
  });
  assert.equal(waiting.state, 'queued', 'waiting to be tried again, not given up');
  assert.equal(waiting.to, address(users.association));
  assert.equal(waiting.question, qid);
  assert.equal(waiting.last_error, `メールサーバーに接続できません（127.0.0.1:${port}）`, "the connection error");
  assert.ok(waiting.next_at, 'the next try is scheduled');

  // The secretariat sees it on the outbox page: waiting, for the association, with the server's failure.
  const row = await outboxRow(waiting.id);
  assert.match(await row.locator('td.to').innerText(), new RegExp(`宮田 里美\\s*${address(users.association)}`));
  assert.equal((await row.locator('td.event').innerText()).trim(), '回答の差戻し（団体あて）');
  assert.equal((await row.locator('td.state .badge').innerText()).trim(), '送信待ち');
  assert.equal((await row.locator('.server-answer').innerText()).trim(), waiting.last_error);
  await shot(sec, '100-mail-outbox-queued');

  sink = await startSink(againDir(), port);
  assert.equal(sink.port, port, 'the mail server is back on the same port');
  const m = await waitForMessage(againDir(), address(users.association), /回答が差し戻されました/);
  assert.deepEqual(m.rcpt, [address(users.association)]);
  assert.equal(m.subject, `【CN行動計画】回答が差し戻されました（No.${qno}、回答期限：${due.label}）`);
  assertHeaders(m, 'answer_returned');
  assert.ok(m.body.includes(`【差戻しの理由】\n${RETURN_REASON}\n`), 'the reason');
  assertNothingOfOthers(m, 'answer_returned');
  assert.deepEqual(m.body.match(/https?:\/\/\S+/g), [`${server.base}/q/${qid}`]);
  const sent = await until('the outbox to say sent', () => {
    const e = outbox().find((x) => x.id === waiting.id);
    return e.state === 'sent' ? e : undefined;
  });
  assert.ok(sent.sent_at);
  assert.ok(sent.attempts >= 2, "a failed try, then the one that went");
  assert.deepEqual(messages(againDir()).map((x) => x.file), [m.file], 'sent once');
  assert.deepEqual(outbox().filter((x) => x.state !== 'sent'), [], 'nothing left waiting');
  const done = await outboxRow(waiting.id);
  assert.equal((await done.locator('td.state .badge').innerText()).trim(), '送信済み');
  assert.equal(await done.locator('.server-answer').count(), 0, 'no failure shown once it went');
  await shot(sec, '101-mail-outbox-sent');
  const ids = [...messages(firstDir()), ...messages(againDir())].map((x) => x.raw.match(/^Message-ID: (.*)\r$/m)[1]);
  assert.equal(new Set(ids).size, ids.length, `every message its own Message-ID: ${ids.join(' ')}`);
});
