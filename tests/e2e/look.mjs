// Development aid (not a test): viewport screenshots of one page for a role, at
// several scroll positions, to look at long pages closely.
//   node look.mjs ROLE PATH [NAME] [DB]
import { users, makeDatabase, startServer, launchBrowser, newPage, login } from './lib.js';

const [role, path, name = 'look', dbArg] = process.argv.slice(2);
const db = dbArg || makeDatabase().db;
const server = await startServer(db);
const chrome = await launchBrowser();
const { page } = await newPage(chrome.browser, server.base);
await login(page, users[role]);
await page.goto(path);
const height = await page.evaluate(() => document.body.scrollHeight);
for (let y = 0, i = 0; y < height && i < 6; y += 850, i++) {
  await page.evaluate((top) => window.scrollTo(0, top), y);
  await page.screenshot({ path: `/tmp/${name}-${i}.png` });
}
await chrome.close();
await server.stop();
console.log(`${height}px`);
