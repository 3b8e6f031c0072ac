// The end-to-end harness: serves dist/ from a sub-path on loopback (with two course pages that
// embed it), starts headless Chromium, and gives the checks their helpers. `check` runs one
// check in a fresh browser context and counts it; `finish` closes everything and reports.
import { createServer } from 'node:http';
import { launch } from './chromium.mjs';
import { readFile, mkdir } from 'node:fs/promises';
import { join, extname, normalize } from 'node:path';

const { DIST, NODE_TOOLS, SCREENSHOTS } = process.env;

const BASE = '/courses/scaling/lab/';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

// A course page that embeds the lab, as course authors do.
const HOST_PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Course</title></head><body>
<h1>Week 3: back-pressure</h1>
<iframe id="lab" src="${BASE}?embed=1&policy=reject&speed=4" title="Back-pressure lab" width="1000" height="900"></iframe>
</body></html>`;

// A course page that embeds one guide step, as a course author pastes it.
const STEP_PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Course</title></head><body>
<h1>Week 3: who pays for overload?</h1>
<iframe id="lab" src="${BASE}?lab=backpressure&step=3&embed=1" title="Back-pressure lab, step 3" width="1200" height="900" loading="lazy"></iframe>
</body></html>`;

// A course page with two labs embedded as the copy-embed snippet does (one at a guide step),
// embed.js sizing them, and a recorder of the messages they post.
const COURSE_PAGE = (origin) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Course</title></head><body>
<h1>Week 4: queues</h1>
<iframe id="a" src="${BASE}?lab=backpressure&step=3&embed=1" title="Back-pressure lab, step 3" width="100%" height="300" style="border:0"></iframe>
<iframe id="b" src="${BASE}?lab=async&embed=1&parent_origin=${encodeURIComponent(origin)}" title="Async lab" width="100%" height="300" style="border:0"></iframe>
<script>window.got = []; addEventListener('message', (e) => got.push({ frame: e.source === document.getElementById('a').contentWindow ? 'a' : 'b', data: e.data }));</script>
<script src="${BASE}embed.js" async></script>
</body></html>`;

// A test LMS's files (`/lms/`), set by a check that unpacks a SCORM package there.
let lmsDir = null;
/** Serves `dir` under `/lms/` from now on. */
const serveLms = (dir) => { lmsDir = dir; };

const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path.startsWith('/lms/') && lmsDir) {
    const rel = normalize(path.slice('/lms/'.length) || 'index.html');
    if (rel.startsWith('..')) { res.writeHead(403); return res.end(); }
    try {
      const body = await readFile(join(lmsDir, rel));
      res.writeHead(200, { 'Content-Type': TYPES[extname(rel)] ?? 'application/octet-stream' });
      return res.end(body);
    } catch { res.writeHead(404); return res.end('not found'); }
  }
  if (path === '/courses/week3.html') { res.writeHead(200, { 'Content-Type': 'text/html' }); return res.end(HOST_PAGE); }
  if (path === '/courses/week3-step.html') { res.writeHead(200, { 'Content-Type': 'text/html' }); return res.end(STEP_PAGE); }
  if (path === '/courses/week4.html') { res.writeHead(200, { 'Content-Type': 'text/html' }); return res.end(COURSE_PAGE(`http://127.0.0.1:${server.address().port}`)); }
  if (!path.startsWith(BASE)) { res.writeHead(404); return res.end('outside the sub-path'); }
  const rel = normalize(path.slice(BASE.length) || 'index.html');
  if (rel.startsWith('..')) { res.writeHead(403); return res.end(); }
  try {
    const body = await readFile(join(DIST, rel));
    res.writeHead(200, { 'Content-Type': TYPES[extname(rel)] ?? 'application/octet-stream' });
    res.end(body);
  } catch { res.writeHead(404); res.end('not found'); }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await launch();
await mkdir(SCREENSHOTS, { recursive: true });

let passed = 0, failed = 0;
async function check(name, fn, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  try {
    await fn(page);
    if (errors.length) throw new Error(`console errors: ${errors.join(' | ')}`);
    passed++; console.log(`ok   ${name}`);
  } catch (e) {
    failed++; console.log(`FAIL ${name}\n     ${e.message}`);
    await page.screenshot({ path: join(SCREENSHOTS, `failed-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
  } finally { await context.close(); }
}

const open = async (page, query) => {
  await page.goto(`${origin}${BASE}${query}`);
  await page.waitForSelector('[data-metric=sim_time_s]', { timeout: 30000 });
};
// A lab or the tour, whichever the link opens.
const openAny = async (page, query) => {
  await page.goto(`${origin}${BASE}?${query}`);
  await page.waitForSelector('[data-metric=sim_time_s], .tour-toc', { timeout: 30000 });
};
const metric = async (page, name) => Number(await page.textContent(`[data-metric=${name}]`));
// Polled from here rather than evaluated in the page: the page's CSP forbids string eval.
const waitMetric = async (page, name, pred, timeout = 20000) => {
  const test = new Function('x', `return ${pred}`);
  const end = Date.now() + timeout;
  for (;;) {
    const x = Number(await page.textContent(`[data-metric=${name}]`).catch(() => NaN));
    if (test(x)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${name}: ${pred} (last ${x})`);
    await page.waitForTimeout(50);
  }
};
function expect(cond, msg) { if (!cond) throw new Error(msg); }

// Drags the timeline to `t` the way an input event does, and returns the page's own time for it.
const seek = (page, t) => page.evaluate((t) => {
  const el = document.querySelector('[data-control=timeline]');
  const t0 = performance.now();
  el.value = String(t);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  return performance.now() - t0;
}, t);
const hashOf = (page) => page.textContent('[data-metric=state_hash]');

// Turns the page to a phone's 390×844, saves a full-page screenshot as `name` and checks that
// nothing makes the page scroll sideways.
async function phoneFits(page, name) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `page scrolls sideways on a phone by ${overflow}px`);
}

/** Closes the browser and the server and prints the count; the exit code says whether all passed. */
export async function finish() {
  await browser.close();
  server.close();
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

export { check, open, openAny, metric, waitMetric, expect, seek, hashOf, phoneFits, origin, BASE, SCREENSHOTS, NODE_TOOLS, DIST, join, serveLms };
