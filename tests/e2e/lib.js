// Shared set-up of the end-to-end tests: a fresh sample database with one
// password per role, `cnap serve` on a free port, and Debian's chromium
// driven by playwright-core (no browser download: executablePath).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CNAP = process.env.CNAP || path.resolve('../../build-check/src/cli/cnap');
export const SHOTS = process.env.SCREENSHOTS || path.join(tmpdir(), 'cnap-e2e-shots');
export const PASSWORD = 'e2e-pass-2023';
export const YEAR = 2023;

// Argon2 at interactive cost dominates a test run under ASan; the hashes stay argon2id.
// Only a test build (make check, build-check/) obeys it: see src/base/testhook.h.
const env = { ...process.env, CNAP_FAST_HASH: '1' };

export const users = {
  secretariat: 'jimukyoku',
  reviewer: 'morioka',
  association: 'bearing-staff',
  other: 'kosaku-kikai-staff',
};

export function cnap(args, input) {
  // the sample's cycle export is over a megabyte since it carries every item's text
  return execFileSync(CNAP, args, { env, input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

export function makeDatabase() {
  const dir = mkdtempSync(path.join(tmpdir(), 'cnap-e2e-'));
  const db = path.join(dir, 'e2e.db');
  cnap(['init', '--db', db, '--sample']);
  for (const login of Object.values(users)) cnap(['user', 'passwd', '--db', db, '--login', login], PASSWORD + '\n');
  return { dir, db };
}

// Start the server; resolves with { base, stop } once it prints its address.
// listen: where (a test that must know its address before it starts picks a free port itself).
export function startServer(db, extraEnv = {}, { listen = '127.0.0.1:0' } = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(CNAP, ['serve', '--db', db, '--listen', listen, '--threads', '2', '--quiet'], {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stderr.on('data', (d) => { err += d; });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.]+:[0-9]+)\//);
      if (m) {
        resolve({
          base: m[1],
          stderr: () => err,
          // SIGTERM is the clean shutdown; the exit code also carries LeakSanitizer's verdict.
          stop: () => new Promise((done) => {
            proc.on('exit', (code, signal) => done({ code, signal, stderr: err }));
            proc.kill('SIGTERM');
          }),
        });
      }
    });
    proc.on('exit', (code) => reject(new Error(`cnap serve exited (${code}): ${err}`)));
  });
}

// launch() gives chromium a fresh, empty user-data-dir of its own (playwright refuses
// --user-data-dir here); the test contexts are separate, cookie-isolated profiles.
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--lang=ja-JP', // date inputs and other browser UI in Japanese, as users see them
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

export async function newPage(browser, base) {
  const context = await browser.newContext({
    baseURL: base, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  return { context, page };
}

export async function login(page, login, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('ログイン名').fill(login);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

// Headers every response must carry (engineering.md §3.3).
export function assertSecurityHeaders(assert, headers, label) {
  assert.match(headers['content-security-policy'] || '', /default-src 'self'|default-src 'none'/, `${label}: CSP`);
  assert.doesNotMatch(headers['content-security-policy'] || '', /unsafe-inline/, `${label}: no unsafe-inline`);
  assert.equal(headers['x-content-type-options'], 'nosniff', `${label}: nosniff`);
  assert.ok(headers['referrer-policy'], `${label}: Referrer-Policy`);
  assert.ok(headers['x-frame-options'], `${label}: X-Frame-Options`);
}
