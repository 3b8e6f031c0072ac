// Part of `cargo xtask bench`: what a learner on a phone waits for. Each page (the tour and
// every lab) is opened in Chromium under Lighthouse's mobile profile (150 ms round trip,
// 1.6 Mbit/s down, 750 kbit/s up, 4x CPU slowdown, a 412 x 823 screen), served gzipped as a
// static host would, with the cache off; the time is from navigation until the page's first
// drawn frame with its controls live (the lab's first readout, or the tour's miniature). Three
// loads a page, the median printed with the bytes that crossed the wire. Prints, never asserts.
import { createServer } from 'node:http';
import { launch } from './chromium.mjs';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join, extname, normalize } from 'node:path';

const { DIST } = process.env;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
/** The budget a page's first frame is reported against: Largest Contentful Paint's "good". */
const BUDGET_MS = 2500;

const zipped = new Map();
const server = createServer(async (req, res) => {
  const rel = normalize(new URL(req.url, 'http://x').pathname.slice(1) || 'index.html');
  if (rel.startsWith('..')) { res.writeHead(403); return res.end(); }
  try {
    if (!zipped.has(rel)) zipped.set(rel, gzipSync(await readFile(join(DIST, rel)), { level: 9 }));
    res.writeHead(200, { 'Content-Type': TYPES[extname(rel)] ?? 'application/octet-stream', 'Content-Encoding': 'gzip' });
    res.end(zipped.get(rel));
  } catch { res.writeHead(404); res.end(); }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await launch();

/** One throttled load of `query`: [ms to the first frame, bytes over the wire]. */
async function load(query, ready) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  await page.goto(`${origin}/${query}`, { waitUntil: 'commit' });
  // Checked every animation frame, so the moment is the frame's, not a poll's.
  const ms = await page.waitForFunction((sel) => document.querySelector(sel) && performance.now(), ready, { polling: 'raf', timeout: 60000 });
  const first = await ms.jsonValue();
  await context.close();
  return [first, bytes];
}

const pages = [['tour', '', '.tour canvas.miniature'], ...['backpressure', 'event-sourcing', 'async', 'views', 'cqrs', 'gateway', 'streams', 'pipeline']
  .map((lab) => [lab, `?lab=${lab}`, '[data-metric=sim_time_s]'])];
for (const [name, query, ready] of pages) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await load(query, ready));
  runs.sort((a, b) => a[0] - b[0]);
  const [ms, bytes] = runs[1];
  console.log(`| ${name} | ${Math.round(ms)} ms | ${(bytes / 1000).toFixed(1)} KB | ${ms <= BUDGET_MS ? "within" : "over"} |`);
}

await browser.close();
server.close();
