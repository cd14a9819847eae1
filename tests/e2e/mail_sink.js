// The test's own mail server on loopback (tests/mail/smtp_sink.py on Debian's python3-aiosmtpd) and
// the messages it received, read back as a person's mail program shows them (tests/mail/read_mail.py).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

// run.sh says where the sources are; the tests themselves run from a copy under the build directory.
const MAIL_TOOLS = path.resolve(process.env.E2E_SRC || '.', '../mail');
const PYTHON = '/usr/bin/python3'; // Debian's, which has aiosmtpd (a pyenv python3 on PATH may not)

const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

// Wait until check() gives something other than undefined/false, up to timeoutMs; a generous bound,
// never an assertion about how long it took.
export async function until(what, check, timeoutMs = 60000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

// A port nobody listens on now, for a server that must know its own address before it starts
// (cnap serve's mail.conf names base_url).
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Live sinks, stopped even when the test process ends some other way.
const running = new Set();
process.on('exit', () => { for (const p of running) p.kill('SIGTERM'); });

// Start a sink writing into dir (NNNN.eml and NNNN.rcpt); port 0 is any free port, the one it got is
// in .port. stop() resolves once it has exited, so its port is closed.
export async function startSink(dir, port = 0) {
  mkdirSync(dir, { recursive: true });
  const portFile = `${dir}.port`;
  rmSync(portFile, { force: true });
  const proc = spawn(PYTHON, [path.join(MAIL_TOOLS, 'smtp_sink.py'), '--dir', dir, '--port-file', portFile,
    '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(proc);
  let stderr = '';
  let exited = null;
  const gone = new Promise((resolve) => {
    proc.on('exit', (code, signal) => { running.delete(proc); exited = { code, signal }; resolve(exited); });
  });
  proc.stderr.on('data', (d) => { stderr += d; });
  const got = await until('the mail server to listen', () => {
    if (exited) throw new Error(`smtp_sink.py exited (${exited.code}): ${stderr}`);
    return existsSync(portFile) && Number(readFileSync(portFile, 'utf8').trim());
  }, 20000);
  return {
    port: got,
    dir,
    stderr: () => stderr,
    stop: async () => {
      if (!exited) proc.kill('SIGTERM');
      return gone;
    },
  };
}

// Every message in dir, oldest first: { file, rcpt: [...], raw, subject, from, to, body }.
export function messages(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^\d{4}\.eml$/.test(f)).sort().map((f) => {
    const file = path.join(dir, f);
    const decoded = execFileSync(PYTHON, [path.join(MAIL_TOOLS, 'read_mail.py'), file], { encoding: 'utf8' });
    const cut = decoded.indexOf('\n\n');
    const head = decoded.slice(0, cut);
    const field = (name) => (head.match(new RegExp(`^${name}: (.*)$`, 'm')) || [])[1];
    return {
      file,
      rcpt: readFileSync(file.replace(/\.eml$/, '.rcpt'), 'utf8').split('\n').filter(Boolean),
      raw: readFileSync(file, 'latin1'),
      subject: field('Subject'),
      from: field('From'),
      to: field('To'),
      body: decoded.slice(cut + 2),
    };
  });
}

// Wait for the first message in dir whose envelope has to and whose subject matches subject.
export function waitForMessage(dir, to, subject, timeoutMs = 60000) {
  return until(`a message to ${to} (${subject}) in ${dir}`,
    () => messages(dir).find((m) => m.rcpt.includes(to) && subject.test(m.subject || '')), timeoutMs);
}
