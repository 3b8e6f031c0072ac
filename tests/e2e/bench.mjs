// Browser half of `cargo xtask bench`: opens the event-sourcing lab on a log of a million
// events and reads the full-replay time the page measures itself. Prints, never asserts.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { join, extname, normalize } from 'node:path';

const { DIST, CHROMIUM, NODE_TOOLS } = process.env;
const require = createRequire(join(NODE_TOOLS, 'package.json'));
const { chromium } = require('playwright-core');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

const server = createServer(async (req, res) => {
  const rel = normalize(new URL(req.url, 'http://x').pathname.slice(1) || 'index.html');
  try {
    const body = await readFile(join(DIST, rel));
    res.writeHead(200, { 'Content-Type': TYPES[extname(rel)] ?? 'application/octet-stream' });
    res.end(body);
  } catch { res.writeHead(404); res.end(); }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage();
const url = `http://127.0.0.1:${server.address().port}/?lab=event-sourcing&command_rate=10000&accounts=1000&snapshot_every=0&t=105&paused=1&offset=1000000`;
const t0 = Date.now();
await page.goto(url);
await page.waitForSelector('[data-metric=replay_ms_full]', { timeout: 120000 });
const load = Date.now() - t0;
const read = async (n) => Number(await page.textContent(`[data-metric=${n}]`));
const runs = [];
for (let i = 0; i < 5; i++) {
  // Moving the cursor and back makes the page rebuild again.
  await page.evaluate(() => { const s = document.querySelector('#offset'); s.value = '999999'; s.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.waitForTimeout(300);
  await page.evaluate(() => { const s = document.querySelector('#offset'); s.value = '1000000'; s.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.waitForFunction(() => document.querySelector('[data-metric=replay_events_full]').textContent === '1000000');
  await page.waitForTimeout(300);
  runs.push(await read('replay_ms_full'));
}
runs.sort((a, b) => a - b);
const median = runs[2];
console.log(`| browser (Chromium, release wasm) | full replay of ${await read('replay_events_full')} events | median ${median.toFixed(1)} ms | ${(1e6 / median / 1e3).toFixed(1)} M events/s |`);
console.log(`(opening the page at t=105 s, which simulates the million-event log first, took ${(load / 1000).toFixed(1)} s)`);
await browser.close();
server.close();
