// End-to-end check of the built site: serves dist/ from a sub-path on loopback, drives
// headless Chromium through the link contract and a control, and saves screenshots.
// Run by `cargo xtask test`, which sets DIST, CHROMIUM, NODE_TOOLS and SCREENSHOTS.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { readFile, mkdir } from 'node:fs/promises';
import { join, extname, normalize } from 'node:path';

const { DIST, CHROMIUM, NODE_TOOLS, SCREENSHOTS } = process.env;
const require = createRequire(join(NODE_TOOLS, 'package.json'));
const { chromium } = require('playwright-core');

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

const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path === '/courses/week3.html') { res.writeHead(200, { 'Content-Type': 'text/html' }); return res.end(HOST_PAGE); }
  if (path === '/courses/week3-step.html') { res.writeHead(200, { 'Content-Type': 'text/html' }); return res.end(STEP_PAGE); }
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

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
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

await check('loads from a sub-path with no console error, screenshots desktop and phone', async (page) => {
  await open(page, '?lab=backpressure&speed=4');
  const csp = await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content');
  expect(csp.includes("script-src 'self' 'wasm-unsafe-eval'") && !/script-src[^;]*unsafe-inline/.test(csp), `CSP: ${csp}`);
  await waitMetric(page, 'sim_time_s', 'x > 8');
  // The keyboard's way past the menu and the guide: the first Tab reaches the skip link, and
  // the Tab after following it lands in the lab.
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => document.activeElement.textContent);
  expect(skip === 'Skip to the lab', `the first Tab reaches ${skip}, not the skip link`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement.closest('section.lab')), 'after the skip link, Tab does not land in the lab');
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(SCREENSHOTS, 'desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(SCREENSHOTS, 'phone.png'), fullPage: true });
  await page.locator('.flow').screenshot({ path: join(SCREENSHOTS, 'phone-flow.png') });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `page scrolls sideways on a phone by ${overflow}px`);
});

await check('link parameters take effect; t= opens already advanced; paused=1 stays paused', async (page) => {
  await open(page, '?lab=backpressure&seed=3&producer_rate=12000&workers=2&consumer_rate=5000&policy=reject&capacity=500&t=20&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 20');
  const rate = await metric(page, 'arrival_rate');
  expect(Math.abs(rate - 12000) < 200, `arrival_rate ${rate}`);
  const rejected = await metric(page, 'rejected_rate');
  expect(Math.abs(rejected - 2000) < 200, `rejected_rate ${rejected} (12,000 into 2 × 5,000)`);
  expect(await page.isChecked('#policy-reject'), 'reject policy not selected');
  expect(await page.inputValue('#producer_rate') === '12000', 'slider not at 12000');
  await page.waitForTimeout(500);
  expect(await metric(page, 'sim_time_s') === 20, 'a paused lab moved');
  // Conservation, read off the page.
  const m = {};
  for (const k of ['arrived_total', 'completed_total', 'rejected_total', 'dropped_total', 'lost_total', 'queue_depth', 'in_service']) m[k] = await metric(page, k);
  expect(m.arrived_total === m.completed_total + m.rejected_total + m.dropped_total + m.lost_total + m.queue_depth + m.in_service,
    `conservation broken on the page: ${JSON.stringify(m)}`);
});

await check('the same link gives the same numbers twice', async (page) => {
  const q = '?seed=42&arrivals=poisson&service=exponential&policy=drop_oldest&capacity=200&t=7.5&paused=1';
  await open(page, q);
  await waitMetric(page, 'sim_time_s', 'x === 7.5');
  const first = await page.textContent('.readouts');
  const hash = await page.textContent('[data-metric=state_hash]');
  await open(page, q);
  await waitMetric(page, 'sim_time_s', 'x === 7.5');
  expect(first === await page.textContent('.readouts'), 'two loads of one link differ');
  expect(hash === await page.textContent('[data-metric=state_hash]'), 'two loads of one link have different state hashes');
});

await check('async: the checkout answers in 800 ms synchronously and 200 ms asynchronously; an outage holds its queue; poison goes to the dead-letter queue', async (page) => {
  await open(page, '?lab=async&mode=sync&order_rate=50&arrivals=steady&t=5&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 5');
  expect(Math.abs(await metric(page, 'response_p50_ms') - 800) < 16, `sync p50 ${await metric(page, 'response_p50_ms')}`);
  // Switch to async at 5 s and run on: answers fall to 200 ms.
  await page.check('#mode-async');
  await page.click('#play');
  await waitMetric(page, 'sim_time_s', 'x > 7.5');
  await waitMetric(page, 'response_p50_ms', 'Math.abs(x - 200) < 4');
  const search = await page.evaluate(() => location.search);
  expect(/mode=sync/.test(search) && /actions=5000y1/.test(search), `the switch is not in the link: ${search}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'async.png'), fullPage: true });
  // Email down from 2 s for 10 s: its queue holds the emails, nothing is lost, answers stay fast.
  await open(page, '?lab=async&order_rate=150&email_workers=64&outage=email&outage_at=2&outage_s=10&t=8&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 8');
  expect(await metric(page, 'depth_email') > 600, `email queue ${await metric(page, 'depth_email')}`);
  expect(await metric(page, 'lost_total') === 0 && await metric(page, 'response_p99_ms') < 210, 'outage leaked into answers or lost messages');
  // Poison with the dead-letter queue: each dead letter after exactly max_attempts; re-drive empties it.
  await open(page, '?lab=async&order_rate=100&poison_pct=5&max_attempts=3&t=20&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 20');
  expect(await metric(page, 'dlq_total') > 10 && await metric(page, 'dlq_attempts_min') === 3 && await metric(page, 'dlq_attempts_max') === 3, 'dead letters not after exactly 3 attempts');
  expect((await page.textContent('#dlq-title + table')).includes('poison'), 'the dead-letter list does not name the error');
  await page.click('#redrive');
  await waitMetric(page, 'dlq_total', 'x === 0');
  // Request-reply: replies matched by correlation ID, none mismatched, the IDs listed.
  await open(page, '?lab=async&order_rate=100&service=exponential&invoice_pattern=request_reply&t=10&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 10');
  expect(await metric(page, 'replies_matched_total') > 500 && await metric(page, 'replies_mismatched_total') === 0, 'replies not matched');
  expect((await page.textContent('#replies-title ~ ul')).includes('correlation #'), 'no correlation IDs shown');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'async-phone.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `page scrolls sideways on a phone by ${overflow}px`);
});

await check('views: a query read scans today\'s orders; the view answers in a lookup; a stale view raises its alert; the views equal their queries', async (page) => {
  await open(page, '?lab=views&read_from=query&order_rate=500&read_rate=20&day_s=600&refresh=stream&t=30&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 30');
  const rows = await metric(page, 'rows_scanned_per_read'), p50 = await metric(page, 'read_p50_ms');
  expect(rows > 13000 && rows < 16000 && Math.abs(p50 - (0.2 + rows * 0.004)) < 0.1 * p50, `query reads: ${rows} rows, ${p50} ms`);
  await page.check('#read-view');
  await page.click('#play');
  await waitMetric(page, 'sim_time_s', 'x > 32');
  await waitMetric(page, 'read_p50_ms', 'x < 1');
  const search = await page.evaluate(() => location.search);
  expect(/read_from=query/.test(search) && /actions=30000q1/.test(search), `the switch is not in the link: ${search}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'views.png'), fullPage: true });
  // The guide's five-minute refresh with an alert at 20 s: the alert is raised and shown; the
  // dashboard, kept by the stream on its own, stays fresh.
  await open(page, '?lab=views&order_rate=200&refresh=full&refresh_every_s=300&refresh_daily=stream&stale_alert_s=20&t=25&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 25');
  expect(await metric(page, 'stale_alerts_total') >= 1 && await metric(page, 'staleness_s') > 20, 'no stale alert');
  expect(await metric(page, 'staleness_daily_s') < 0.1 && await metric(page, 'staleness_by_user_s') > 20, 'the dashboard\'s own strategy is not in force');
  expect(await page.isVisible('[data-alert=stale]'), 'the alert is not shown');
  await page.click('[data-action=check-views]');
  await waitMetric(page, 'view_matches_query', 'x === 1');
  // A stream that cannot keep up falls behind by the difference.
  await open(page, '?lab=views&order_rate=2000&refresh=stream&stream_capacity=1500&t=10&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 10');
  const lag = await metric(page, 'stream_lag_events');
  expect(lag > 4000 && lag < 6000, `stream lag ${lag}`);
  // LinkedIn: opening the app by ranking on open costs connections × posts; from the feed, one
  // row; the sampled feeds equal the ranking computed from the posts.
  await open(page, '?lab=views&dataset=linkedin&users=10000&connections=200&order_rate=2000&read_rate=200&read_from=query&stream_capacity=1000000&t=30&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 30');
  const ranked = await metric(page, 'rows_scanned_per_read');
  expect(ranked > 1000 && ranked < 1400 && await metric(page, 'read_p50_ms') > 5, `opening the app ranked ${ranked} posts`);
  await page.check('#read-view');
  await page.click('#play');
  await waitMetric(page, 'read_p50_ms', 'x < 0.3');
  expect(await metric(page, 'open_by_query_ms') > 5 && await metric(page, 'open_by_feed_ms') < 0.3, 'both ways of opening the app are not shown');
  await page.click('#play');
  await page.click('[data-action=check-views]');
  await waitMetric(page, 'view_matches_query', 'x === 1');
  expect((await page.textContent('#feed-title ~ div table')).includes('member'), 'the feed is not listed');
  await page.screenshot({ path: join(SCREENSHOTS, 'views-linkedin.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'views-phone.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `page scrolls sideways on a phone by ${overflow}px`);
});

await check('cqrs: one database makes commands wait behind reads; CQRS separates them; a slow projector loses clients their own writes until read-your-writes is on; the verdict compares both', async (page) => {
  await open(page, '?lab=cqrs&arch=traditional&write_rate=200&read_rate=20000&joins=4&t=6&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 6');
  expect(await metric(page, 'write_p99_ms') > 500 && await metric(page, 'stores') === 1, `traditional commands ${await metric(page, 'write_p99_ms')} ms`);
  await open(page, '?lab=cqrs&arch=cqrs&write_rate=200&read_rate=20000&joins=4&read_replicas=4&t=6&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 6');
  expect(await metric(page, 'write_p99_ms') < 10 && await metric(page, 'read_p99_ms') < 5 && await metric(page, 'stores') === 2, 'CQRS did not separate the paths');
  await page.screenshot({ path: join(SCREENSHOTS, 'cqrs.png'), fullPage: true });
  await open(page, '?lab=cqrs&arch=cqrs&write_rate=2000&read_rate=20000&read_replicas=4&sync_capacity=3000&t=4&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 4');
  expect(await metric(page, 'stale_reads_total') > 100, `stale reads ${await metric(page, 'stale_reads_total')}`);
  await page.check('#ryw');
  const stale = await metric(page, 'stale_reads_total');
  await page.click('#play');
  await waitMetric(page, 'ryw_redirects_total', 'x > 200');
  // Reads already under way when the switch came may still return stale; none after them.
  await page.waitForTimeout(500);
  const settled = await metric(page, 'stale_reads_total');
  await page.waitForTimeout(1000);
  expect(await metric(page, 'stale_reads_total') === settled && settled - stale < 100, 'stale reads go on with read-your-writes');
  await page.click('#play');
  const search = await page.evaluate(() => location.search);
  expect(/ryw=off/.test(search) && /actions=4000y1/.test(search), `the switch is not in the link: ${search}`);
  await page.click('[data-action=verdict]');
  await page.waitForSelector('[data-verdict-text]');
  expect((await page.textContent('[data-verdict-text]')).includes('CQRS'), 'no verdict');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'cqrs-phone.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `page scrolls sideways on a phone by ${overflow}px`);
});

await check('cqrs, timelines: Twitter 2012 shows its orders of magnitude; a celebrity tweet backs up fan-out on write past the 5 s target; the hybrid removes the burst; the scene switch opens the other scene', async (page) => {
  const twitter = '?lab=cqrs&scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&celebrity_threshold=1000000&fanout_capacity=1000000';
  await open(page, twitter + '&fanout=write&t=5&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 5');
  const writes = await metric(page, 'fanout_writes_per_s');
  expect(writes > 100000 && writes < 800000, `cache writes ${writes}/s`);
  expect(await metric(page, 'timeline_reads_per_s') === 300000 && await metric(page, 'merges_per_read') === 1, 'opens are not one cache read each');
  expect(await metric(page, 'tweet_visible_p99_ms') < 5000 && await metric(page, 'late_writes_total') === 0, 'tweets late without a celebrity');
  await page.click('[data-action=celebrity-tweet]');
  await page.click('#play');
  await waitMetric(page, 'oldest_waiting_ms', 'x > 5000');
  await page.click('#play');
  expect(await metric(page, 'late_writes_total') > 0 && await metric(page, 'celebrity_tweets_total') >= 1, 'the celebrity burst made no late writes');
  const search = await page.evaluate(() => location.search);
  expect(/scene=timeline/.test(search) && /actions=5000b/.test(search), `the celebrity's tweet is not in the link: ${search}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'cqrs-timeline.png'), fullPage: true });
  await open(page, twitter + '&fanout=hybrid&actions=0b&t=6&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 6');
  expect(await metric(page, 'late_writes_total') === 0 && await metric(page, 'fanout_backlog') < 1000000, 'the hybrid fanned the celebrity out');
  expect(await metric(page, 'merges_per_read') > 1 && await metric(page, 'celebrity_tweets_total') >= 1, 'the hybrid merges nothing at read time');
  await page.check('#fanout-read');
  await page.click('#play');
  await waitMetric(page, 'merges_per_read', 'x > 20');
  await page.click('#play');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'cqrs-timeline-phone.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `page scrolls sideways on a phone by ${overflow}px`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page, '?lab=cqrs&arch=cqrs&paused=1');
  await page.check('#scene-timeline');
  await page.waitForSelector('[data-metric=tweets_total]');
  expect(/scene=timeline/.test(await page.evaluate(() => location.search)), 'the switch did not open the timeline scene');
  await page.check('#scene-split');
  await page.waitForSelector('[data-metric=stale_reads_total]');
});

await check('gateway: a noisy client hurts everyone until rate-limited; a slow service B cascades through a shared pool, bulkheads contain it, a breaker fails fast; immediate retries multiply the attempts', async (page) => {
  await open(page, '?lab=gateway&rate_c=5000&t=6&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 6');
  expect(await metric(page, 'client_a_pct') < 80, `client A ${await metric(page, 'client_a_pct')} % with a noisy neighbour`);
  await page.evaluate(() => {
    const el = document.querySelector('#limit');
    el.value = '1100';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.click('#play');
  await waitMetric(page, 'rate_limited_c', 'x > 3000');
  await page.waitForTimeout(1500);
  await page.click('#play');
  expect(await metric(page, 'rate_limited_a') === 0 && await metric(page, 'client_a_pct') > 95, 'the limit hit client A');
  expect(/actions=6000l1100/.test(await page.evaluate(() => location.search)), 'the limit is not in the link');
  await open(page, '?lab=gateway&slow_b_at=5&slow_b_factor=50&t=9&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 9');
  expect(await metric(page, 'success_a_pct') < 50, `a shared pool kept A at ${await metric(page, 'success_a_pct')} %`);
  await open(page, '?lab=gateway&slow_b_at=5&slow_b_factor=50&pool=bulkhead&breaker=on&t=14&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 14');
  expect(await metric(page, 'success_a_pct') > 99 && await metric(page, 'breaker_opens_total') >= 1 && await metric(page, 'fallbacks_total') > 1000, 'bulkheads and the breaker did not contain B');
  await page.screenshot({ path: join(SCREENSHOTS, 'gateway.png'), fullPage: true });
  await open(page, '?lab=gateway&threads=1024&slow_b_at=2&slow_b_factor=2&retry=immediate&t=10&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 10');
  expect(await metric(page, 'attempts_per_request') > 2, `attempts ${await metric(page, 'attempts_per_request')}`);
  await page.check('#breaker-on');
  await page.click('[data-action=slow-b]');
  await page.waitForFunction(() => /actions=10000k1_10000B/.test(location.search), null, { timeout: 3000 }).catch(() => {});
  const search = await page.evaluate(() => location.search);
  expect(/actions=10000k1_10000B/.test(search), `the breaker and the slowdown are not in the link: ${search}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'gateway-phone.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `page scrolls sideways on a phone by ${overflow}px`);
});

await check('streams: pushed, the buffer grows; with demand the publisher slows to the subscriber and the buffer stays under n; request(0) is a protocol error; TCP keeps to the window and probes a zero window', async (page) => {
  await open(page, '?lab=streams&scene=demand&producer_rate=10000&consumer_rate=5000&mode=push&t=5&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 5');
  expect(await metric(page, 'buffer_depth') > 20000, `push buffered ${await metric(page, 'buffer_depth')}`);
  await open(page, '?lab=streams&scene=demand&producer_rate=10000&consumer_rate=5000&mode=demand&batch=256&t=5&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 5');
  expect(await metric(page, 'buffer_max') <= 256 && await metric(page, 'emitted_per_s') < 5600 && await metric(page, 'requests_total') > 10, 'demand did not hold the publisher to the subscriber');
  await page.click('[data-action=request-zero]');
  await page.click('#play');
  await waitMetric(page, 'sim_time_s', 'x > 7');
  await page.click('#play');
  expect(await metric(page, 'protocol_errors_total') === 1 && await metric(page, 'emitted_per_s') === 0, 'request(0) did not end the subscription');
  await page.screenshot({ path: join(SCREENSHOTS, 'streams.png'), fullPage: true });
  await open(page, '?lab=streams&scene=tcp&rwnd_kb=64&read_kbps=1&send_kbps=80000&rtt_ms=50&t=10&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 10');
  expect(await metric(page, 'zero_window_total') > 0 && await metric(page, 'probes_total') >= 3 && await metric(page, 'window_kb') === 0, 'no zero window and probes');
  await open(page, '?lab=streams&scene=tcp&rwnd_kb=64&read_kbps=1000000&send_kbps=1000000&rtt_ms=100&t=5&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 5');
  const thr = await metric(page, 'throughput_kbps');
  expect(Math.abs(thr - await metric(page, 'bound_kbps')) < 300 && await metric(page, 'in_flight_kb') <= 64, `throughput ${thr}`);
  await page.check('#scene-demand');
  await page.waitForSelector('[data-metric=buffer_depth]');
  expect(/scene=demand/.test(await page.evaluate(() => location.search)), 'the scene switch is not in the link');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'streams-phone.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `page scrolls sideways on a phone by ${overflow}px`);
});

await check('pipeline: calm, the views trail by under a second; a spike is held back by back-pressure; ignoring it crashes the API and counts the losses; a poison event stalls without a DLQ; the crossover is measured', async (page) => {
  await open(page, '?lab=pipeline&t=5&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 5');
  expect(await metric(page, 'view_staleness_s') < 1 && await metric(page, 'components') > 10, 'the calm pipeline is stale');
  await open(page, '?lab=pipeline&spike_at=3&spike_x=10&lag_threshold=20000&t=8&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 8');
  expect(await metric(page, 'buffer_depth') > 100000 && await metric(page, 'publish_rate') < 120000, 'back-pressure did not hold the spike');
  await open(page, '?lab=pipeline&write_rate=200000&partitions=4&spike_at=2&spike_x=10&backpressure=off&bounded=off&t=10&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 10');
  expect(await metric(page, 'crashes_total') >= 1 && await metric(page, 'lost_total') > 0, 'the unbounded buffer did not crash');
  await open(page, '?lab=pipeline&poison_at=2&dlq=off&backpressure=off&t=6&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 6');
  expect(await metric(page, 'consumer_lag_events') > 5000 && await metric(page, 'dlq_total') === 0, 'the poison event did not stall its partition');
  await page.check('#dlq');
  await page.click('[data-action=crash]');
  const chart = page.locator('[aria-labelledby=crossover-title] canvas').first();
  expect(!(await chart.isVisible()), 'the crossover chart shows an empty frame before it is measured');
  await page.click('[data-action=crossover]');
  await page.waitForSelector('[data-crossover]');
  expect(await chart.isVisible(), 'the measured crossover chart is not shown');
  await page.locator('[aria-labelledby=crossover-title]').screenshot({ path: join(SCREENSHOTS, 'crossover.png') });
  expect((await page.textContent('[data-crossover]')).includes('commands a second'), 'no crossover');
  await page.screenshot({ path: join(SCREENSHOTS, 'pipeline.png'), fullPage: true });
  await page.waitForFunction(() => /actions=6000d1_6000C/.test(location.search), null, { timeout: 3000 }).catch(() => {});
  const search = await page.evaluate(() => location.search);
  expect(/actions=6000d1_6000C/.test(search), `the switch and the crash are not in the link: ${search}`);
  await page.fill('#partitions', '64');
  await page.press('#partitions', 'Tab');
  await page.waitForFunction(() => /partitions=64/.test(location.search), null, { timeout: 3000 }).catch(() => {});
  expect(/partitions=64/.test(await page.evaluate(() => location.search)) && await metric(page, 'sim_time_s') < 1, 'the partitions field did not start a new run with 64 partitions');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'pipeline-phone.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `page scrolls sideways on a phone by ${overflow}px`);
});

// Drags the timeline to `t` the way an input event does, and returns the page's own time for it.
const seek = (page, t) => page.evaluate((t) => {
  const el = document.querySelector('[data-control=timeline]');
  const t0 = performance.now();
  el.value = String(t);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  return performance.now() - t0;
}, t);
const hashOf = (page) => page.textContent('[data-metric=state_hash]');

await check('timeline: a seek shows that moment exactly; acting there forks the run and the link records it', async (page) => {
  const q = '?lab=backpressure&seed=5&producer_rate=15000&arrivals=poisson&workers=2&consumer_rate=5000&policy=reject&capacity=2000&speed=16';
  await open(page, `${q}&t=10&paused=1`);
  await waitMetric(page, 'sim_time_s', 'x === 10');
  const at10 = await hashOf(page);
  expect(/^[0-9a-f]{16}$/.test(at10), `state hash: ${at10}`);
  await open(page, q);
  await waitMetric(page, 'sim_time_s', 'x > 25');
  const ms = await seek(page, 10);
  expect(await metric(page, 'sim_time_s') === 10, `after a seek to 10 s: ${await metric(page, 'sim_time_s')}`);
  expect(await hashOf(page) === at10, 'the moment a seek shows differs from the same moment opened by link');
  expect(ms < 50, `a seek took ${ms.toFixed(1)} ms`);
  expect(await page.getAttribute('#play', 'aria-pressed') === 'false', 'a seek did not pause the run');
  // From the keyboard, the arrow keys move a simulated second.
  await page.focus('[data-control=timeline]');
  await page.keyboard.press('ArrowLeft');
  await waitMetric(page, 'sim_time_s', 'x === 9');
  await page.keyboard.press('ArrowRight');
  await waitMetric(page, 'sim_time_s', 'x === 10');
  expect(await hashOf(page) === at10, 'back at 10 s from the keyboard, the state differs');
  // Change the workers at 10 s: the run forks, and the link carries the change.
  await page.focus('#workers');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('.run-status:text("Changed at 10 s")');
  await page.waitForTimeout(400);
  const search = await page.evaluate(() => location.search);
  expect(/actions=10000w3/.test(search), `the fork is not in the address: ${search}`);
  // The address reproduces the forked run: same hash at the same moment.
  await page.click('#play');
  await waitMetric(page, 'sim_time_s', 'x > 14');
  await page.click('#play');
  await page.waitForTimeout(300);
  const forked = await hashOf(page);
  // The run it replaced stays on the charts, faint, until cleared.
  await page.locator('.charts').screenshot({ path: join(SCREENSHOTS, 'fork-charts.png') });
  expect(await page.isVisible('[data-action=clear-ghost]'), 'no way to clear the earlier run');
  // From the keyboard: the button hides itself, and the focus moves to the timeline.
  await page.focus('[data-action=clear-ghost]');
  await page.keyboard.press('Enter');
  expect(!(await page.isVisible('[data-action=clear-ghost]')), 'the earlier run was not cleared');
  expect(await page.evaluate(() => document.activeElement?.id) === 'timeline', 'clearing the earlier run lost the keyboard focus');
  await page.click('#share');
  const link = await page.inputValue('.share input');
  await page.goto(link);
  const end = Date.now() + 20000;
  while (await hashOf(page).catch(() => '') !== forked && Date.now() < end) await page.waitForTimeout(50);
  expect(await hashOf(page) === forked, `the forked run's link does not reproduce it: ${link}`);
});

await check('a seek too long for one frame goes on over frames with its progress shown; a further drag moves it; both runs of a comparison arrive at that moment exactly', async (page) => {
  // The views lab at its heaviest keeps few checkpoints (each holds a million users' rows):
  // at 30 s, one at the start and one at about 24 s, so going back to 22 s replays 22 s.
  // Compared with a stream refresh, whose run follows over frames too.
  const q = '?lab=views&order_rate=20000&read_rate=20000&users=1000000&products=100000&categories=100&read_from=query&day_s=86400&refresh_every_s=1&vs=full-stream';
  const table = () => page.textContent('table');
  const hashShown = () => page.waitForFunction(() => /^[0-9a-f]{16}$/.test(document.querySelector('[data-metric=state_hash]').textContent));
  await open(page, `${q}&t=12&paused=1`);
  await waitMetric(page, 'sim_time_s', 'x === 12');
  await hashShown();
  const at12 = await hashOf(page);
  await page.waitForTimeout(600);
  const both12 = await table();
  await open(page, `${q}&t=30&paused=1`);
  await waitMetric(page, 'sim_time_s', 'x === 30');
  const seen = await page.evaluate(async () => {
    const el = document.querySelector('[data-control=timeline]');
    const bar = document.querySelector('.runbar .progress');
    const drag = (t) => {
      const t0 = performance.now();
      el.value = String(t);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      return performance.now() - t0;
    };
    const first = drag(22);
    await new Promise(requestAnimationFrame);
    const pending = !bar.hidden;
    const thumb = el.value;
    const said = bar.textContent;
    // Dragged on before it arrives: the target moves, back past the live state.
    const second = drag(12);
    // A link taken meanwhile is of the moment chosen, not of where the replay has got to.
    document.getElementById('share').click();
    let longest = 0, last = performance.now(), frames = 0;
    const end = last + 30000;
    do {
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      frames++;
    } while (!bar.hidden && performance.now() < end);
    const link = document.querySelector('.share input')?.value ?? '';
    return { first, second, pending, thumb, said, longest, frames, done: bar.hidden, link };
  });
  expect(/[?&]t=12(&|$)/.test(seen.link), `a link taken during the seek is not of 12 s: ${seen.link}`);
  expect(seen.pending && seen.frames > 1, `the seek did not go on over frames: ${JSON.stringify(seen)}`);
  expect(Number(seen.thumb) === 22 && /Computing the run: \d+ %/.test(seen.said), `while it ran the bar did not show the moment chosen and the progress: ${JSON.stringify(seen)}`);
  expect(seen.done, 'the seek never arrived');
  // Responsive: the handlers and every frame stay short, however long the whole seek.
  expect(seen.first < 150 && seen.second < 150 && seen.longest < 200, `the page was held up: ${JSON.stringify(seen)}`);
  await waitMetric(page, 'sim_time_s', 'x === 12');
  await hashShown();
  expect(await hashOf(page) === at12, 'the moment the seek arrived at differs from the same moment opened by link');
  const end = Date.now() + 10000;
  while (await table() !== both12 && Date.now() < end) await page.waitForTimeout(100);
  expect(await table() === both12, `the second run did not arrive at 12 s: ${await table()} against ${both12}`);
});

await check('compare: two runs side by side on one seed; sync answers in 800 ms and async in 200 ms; the picker puts a comparison in the link and takes it out', async (page) => {
  await open(page, '?lab=async&mode=sync&order_rate=50&arrivals=steady&vs=sync-async&t=5&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 5');
  expect(await page.locator('.flow.versus canvas').count() === 2, 'not two pictures side by side');
  await waitMetric(page, 'vs_response_p50_ms', 'Math.abs(x - 200) < 4');
  expect(Math.abs(await metric(page, 'response_p50_ms') - 800) < 16, `A's p50 ${await metric(page, 'response_p50_ms')}`);
  // The second run follows the first back through the timeline.
  await page.fill('[data-control=timeline]', '2');
  await page.dispatchEvent('[data-control=timeline]', 'change');
  await waitMetric(page, 'sim_time_s', 'x === 2');
  await waitMetric(page, 'vs_orders_per_s', 'x > 0 && x <= 60');
  await page.screenshot({ path: join(SCREENSHOTS, 'compare-async.png'), fullPage: true });
  // Back-pressure, chosen from the picker: the same arrivals, rejected on one side and dropped on the other.
  await open(page, '?lab=backpressure&producer_rate=2000&consumer_rate=100&workers=4&capacity=50&speed=4');
  await page.selectOption('[data-control=compare]', 'reject-drop-oldest');
  await page.waitForSelector('.flow.versus canvas');
  const search = await page.evaluate(() => location.search);
  expect(/vs=reject-drop-oldest/.test(search) && /policy=reject/.test(search), `the comparison is not in the link: ${search}`);
  await waitMetric(page, 'vs_dropped_total', 'x > 0');
  expect(await metric(page, 'vs_rejected_total') === 0 && Number(await page.textContent('table.versus tbody tr:nth-child(4) td')) > 0, 'A does not reject, or B rejects');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'compare-phone.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `page scrolls sideways on a phone by ${overflow}px`);
  await page.selectOption('[data-control=compare]', '');
  await page.waitForSelector('.flow:not(.versus) canvas');
  expect(!/vs=/.test(await page.evaluate(() => location.search)), 'the comparison stayed in the link');
});

await check('export CSV, run file and PNG; importing the run file reproduces its state hash; a bad file is refused', async (page) => {
  await open(page, '?lab=backpressure&seed=8&producer_rate=9000&workers=1&policy=drop_oldest&capacity=300&actions=3000w2&t=6&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 6');
  const hash = await hashOf(page);
  const download = async (selector) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return { name: d.suggestedFilename(), path: await d.path() };
  };
  const csv = await download('[data-action=export-csv]');
  const lines = (await readFile(csv.path, 'utf8')).trim().split('\n');
  expect(csv.name.endsWith('.csv') && lines[0].startsWith('t_s,arrived_total,') && lines.length === 8, `CSV ${csv.name}: ${lines.slice(0, 2)} (${lines.length} lines)`);
  const json = await download('[data-action=export-json]');
  const file = JSON.parse(await readFile(json.path, 'utf8'));
  expect(file.format === 'scaling-lab-run' && file.version === 1 && file.lab === 'backpressure' && file.state_hash === hash && file.t_s === 6, `run file: ${JSON.stringify(file)}`);
  const png = await download('[data-action=export-png]');
  const head = (await readFile(png.path)).subarray(1, 4).toString();
  expect(png.name.endsWith('.png') && head === 'PNG', `PNG ${png.name}: ${head}`);
  // Import into another run of the lab: it replays, checks the hash and shows the file's run.
  await open(page, '?lab=backpressure&seed=1&speed=4');
  await page.setInputFiles('[data-action=import]', json.path);
  const end = Date.now() + 20000;
  while (await hashOf(page) !== hash && Date.now() < end) await page.waitForTimeout(50);
  expect(await hashOf(page) === hash, `imported run's hash ${await hashOf(page)}, file's ${hash}`);
  expect(await metric(page, 'sim_time_s') === 6, 'the imported run is not at its moment');
  // A truncated file and a hostile one are refused, naming why; the run stays as it was.
  const text = await readFile(json.path, 'utf8');
  for (const [bad, why] of [[text.slice(0, 40), 'not a run file'], [`{"format":"scaling-lab-run","version":9}`, 'newer'], ['{"x":'.repeat(50000), 'nested'], [text.replace(hash, 'ffffffffffffffff'), 'does not arrive']]) {
    await page.setInputFiles('[data-action=import]', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    await page.waitForSelector(`.run-status:text("${why}")`, { timeout: 10000 });
    expect(await hashOf(page) === hash, 'a refused file changed the run');
  }
});

await check('a link with a large t is computed over frames with its progress shown, and the page stays responsive', async (page) => {
  const started = Date.now();
  await open(page, '?lab=backpressure&producer_rate=20000&arrivals=poisson&workers=16&consumer_rate=2000&service=exponential&policy=reject&t=120&paused=1');
  await page.waitForSelector('.runbar .progress:not([hidden])', { timeout: 5000 });
  // While it computes, the page answers input.
  await page.click('#speed');
  await waitMetric(page, 'sim_time_s', 'x === 120', 60000);
  const took = (Date.now() - started) / 1000;
  expect(await page.$('.runbar .progress[hidden]'), 'the progress stayed shown');
  console.log(`     t=120 at the heaviest settings opened in ${took.toFixed(1)} s`);
});

await check('event sourcing: hand commands are part of the link and replay from it; a seek shows the log as it was', async (page) => {
  await open(page, '?lab=event-sourcing&seed=3&command_rate=0&accounts=1&paused=1');
  await page.click('#open');
  await page.fill('#hand_amount', '250').catch(() => {});
  await page.click('#deposit');
  await page.waitForTimeout(400);
  const search = await page.evaluate(() => location.search);
  expect(/actions=0O0_0D0\.\d+/.test(search), `hand commands not in the address: ${search}`);
  const balance = await metric(page, 'balance_total');
  expect(balance > 0, `balance ${balance}`);
  const hash = await hashOf(page);
  await page.reload();
  await page.waitForSelector('[data-metric=balance_total]');
  await waitMetric(page, 'balance_total', `x === ${balance}`);
  expect(await hashOf(page) === hash, 'the link did not replay the hand commands to the same state');
  // A busy log: run on, then go back to 2 s; the log is as long as it was then.
  await open(page, '?lab=event-sourcing&seed=3&command_rate=500&accounts=5&speed=4');
  await waitMetric(page, 'sim_time_s', 'x > 6');
  await seek(page, 2);
  const events = await metric(page, 'events_total');
  expect(events > 700 && events < 1300, `events at 2 s: ${events}`);
});

// A seeded sample of mutated links and run files, as the native fuzz tests make them: each
// opens (or is refused with a message) with no error in the page.
await check('a sample of mutated links and run files opens with no page error', async (page) => {
  let seed = 12345;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const chars = 'abc&=_.%0123456789-xyzé€\u0000';
  const mutate = (text, edits) => {
    let t = [...text];
    for (let i = 0; i < edits; i++) {
      const at = rand(t.length + 1), c = chars[rand(chars.length)];
      [() => t.splice(at, 0, c), () => t.splice(at, 1), () => { t[at] = c; }][rand(3)]();
    }
    return t.join('');
  };
  const links = [
    'lab=backpressure&seed=3&workers=1&actions=1500w4_2000p12000_2500o2_3000a1&t=3',
    'lab=event-sourcing&seed=5&command_rate=50&actions=0O0_100D0.200_150W0.50_200X0.100_300r50&v2_at=1&t=2',
  ];
  for (let i = 0; i < 12; i++) {
    const q = mutate(links[i % 2], 1 + rand(6));
    await openAny(page, encodeURI(q).replace(/#/g, '%23'));
  }
  await open(page, '?lab=backpressure&seed=2&t=2&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 2');
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=export-json]')]);
  const file = await readFile(await d.path(), 'utf8');
  for (let i = 0; i < 8; i++) {
    await page.setInputFiles('[data-action=import]', { name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(mutate(file, 1 + rand(4))) });
    await page.waitForTimeout(300);
  }
});

// Seeded random use of every control a page shows (buttons, sliders, fields with good and bad
// values, choices, the timeline), as a restless learner would: nothing may raise a page error
// or the crash notice. A failure names the page, the seed's action number and the last actions.
await check('random use of every control on every page raises no error and no crash', async (page) => {
  let seed = 2026;
  const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const pages = ['lab=backpressure&vs=reject-drop-oldest', 'lab=event-sourcing&t=5', 'lab=async', 'lab=views',
    'lab=cqrs', 'lab=cqrs&scene=timeline&vs=write-hybrid', 'lab=gateway', 'lab=streams', 'lab=pipeline', ''];
  for (const q of pages) {
    await openAny(page, q);
    const done = [];
    for (let i = 0; i < 25; i++) {
      if (!page.url().startsWith(`${origin}${BASE}`)) await page.goto(`${origin}${BASE}?${q}`);
      done.push(await page.evaluate(([r, r2]) => {
        const usable = (e) => e.offsetParent !== null && !e.disabled && e.type !== 'file' && !e.dataset.action?.startsWith('export');
        const all = [...document.querySelectorAll('button, input, select, textarea')].filter(usable);
        if (!all.length) return 'nothing to use';
        const e = all[Math.floor(r * all.length)];
        const name = `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}`;
        const fire = () => ['input', 'change'].forEach((t) => e.dispatchEvent(new Event(t, { bubbles: true })));
        if (e.tagName === 'SELECT') { e.selectedIndex = Math.floor(r2 * e.options.length); fire(); return `${name}=${e.value}`; }
        if (e.type === 'range') { e.value = String(Number(e.min || 0) + r2 * (Number(e.max || 100) - Number(e.min || 0))); fire(); return `${name}=${e.value}`; }
        if (['number', 'text', 'search'].includes(e.type) || e.tagName === 'TEXTAREA') {
          const bad = ['', 'abc', '-5', '1e308', '99999999999999999999', '0.5', e.min || '0', e.max || '1000'];
          e.value = bad[Math.floor(r2 * bad.length)]; fire();
          e.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
          return `${name}=${e.value}`;
        }
        e.click();
        return `click ${name} ${(e.textContent || '').trim().slice(0, 30)}`;
      }, [rand(), rand()]));
      await page.waitForTimeout(60 + Math.floor(rand() * 150));
      expect(!(await page.$('.notice.crash')), `?${q}: the crash notice after ${done.slice(-4).join(' | ')}`);
    }
  }
});

// Reflow (WCAG 1.4.10): at 320 CSS px, as at 400 % zoom, the page never scrolls sideways; a
// wide table scrolls in its own box.
// On a phone held upright the picture stays pinned while a control below it is moved.
await check('at 390 x 844 the picture stays in view while a slider is moved, in every lab', async (page) => {
  for (const q of ['lab=backpressure', 'lab=event-sourcing', 'lab=async', 'lab=views', 'lab=cqrs', 'lab=cqrs&scene=timeline',
    'lab=gateway', 'lab=streams', 'lab=pipeline']) {
    await openAny(page, q);
    const sliders = page.locator('.controls input[type=range]');
    // The last slider: the furthest down the page, where the picture was furthest away.
    await sliders.last().focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    const [picture, control] = await page.evaluate(() => {
      const box = (el) => { const r = el.getBoundingClientRect(); return [Math.round(r.top), Math.round(r.bottom)]; };
      return [box(document.querySelector('.flow canvas')), box(document.activeElement)];
    });
    expect(picture[0] >= 0 && picture[1] <= 844, `?${q}: the picture is at ${picture} in an 844 px window`);
    expect(control[0] >= picture[1] && control[1] <= 844, `?${q}: the slider is at ${control}, the picture at ${picture}`);
  }
}, { viewport: { width: 390, height: 844 } });

await check('at 320 px no page scrolls sideways, comparisons included', async (page) => {
  for (const q of ['', 'lab=backpressure&vs=reject-drop-oldest', 'lab=event-sourcing', 'lab=async&vs=sync-async',
    'lab=views&vs=full-stream', 'lab=cqrs', 'lab=cqrs&scene=timeline&vs=write-hybrid', 'lab=gateway', 'lab=streams',
    'lab=pipeline', 'lab=backpressure&step=3']) {
    await openAny(page, q);
    await page.waitForTimeout(500);
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll <= client, `?${q}: the page is ${scroll} px wide in a ${client} px window`);
  }
}, { viewport: { width: 320, height: 800 } });

// A live region is read out each time its words change: while a lab plays, none may change
// more than once in three seconds (the spoken summary comes every eight).
await check('while a lab plays, its live regions stay calm for screen readers', async (page) => {
  for (const q of ['lab=backpressure&speed=4', 'lab=event-sourcing', 'lab=async', 'lab=views', 'lab=cqrs',
    'lab=cqrs&scene=timeline', 'lab=gateway', 'lab=streams', 'lab=pipeline']) {
    await open(page, `?${q}`);
    await waitMetric(page, 'sim_time_s', 'x > 0.5');
    const busy = await page.evaluate(async () => {
      const live = [...document.querySelectorAll('output, [role=status], [role=log], [role=alert], [aria-live]')]
        .filter((e) => e.getAttribute('aria-live') !== 'off');
      const seen = live.map((e) => e.textContent);
      const changes = live.map(() => 0);
      const t0 = performance.now();
      while (performance.now() - t0 < 3000) {
        await new Promise((r) => requestAnimationFrame(r));
        live.forEach((e, i) => { if (e.textContent !== seen[i]) { seen[i] = e.textContent; changes[i]++; } });
      }
      return live.map((e, i) => changes[i] > 1 && `<${e.tagName.toLowerCase()} class="${e.className}"> ${changes[i]} times, "${e.textContent.slice(0, 40)}"`).filter(Boolean);
    });
    expect(busy.length === 0, `?${q}: live regions read out again and again: ${busy.join(', ')}`);
  }
  // The moment is still there for a screen reader: the timeline's description.
  const described = await page.evaluate(() => document.getElementById(document.querySelector('#timeline').getAttribute('aria-describedby'))?.textContent);
  expect(/^[\d.]+ s of [\d.]+ s run$/.test(described ?? ''), `the timeline's description: ${described}`);
});

await check('bad parameters show a notice naming each, and the lab still runs', async (page) => {
  await open(page, '?policy=yolo&producer_rate=abc&workers=-4&speed=1000&t=1e9');
  const notice = await page.textContent('.notice');
  for (const key of ['policy', 'producer_rate', 'workers', 'speed', 't']) expect(notice.includes(key), `notice does not name ${key}: ${notice}`);
  await waitMetric(page, 'sim_time_s', 'x > 1');
  expect(await page.isChecked('#policy-unbounded'), 'bad policy did not fall back to the default');
});

await check('moving the producer slider changes arrival_rate and the address', async (page) => {
  await open(page, '?producer_rate=2000&speed=4');
  await waitMetric(page, 'arrival_rate', 'Math.abs(x - 2000) < 100');
  await page.focus('#producer_rate');
  await page.keyboard.press('End'); // the keyboard, as a learner without a mouse would
  await waitMetric(page, 'arrival_rate', 'x > 15000');
  await page.waitForTimeout(400);
  const search = await page.evaluate(() => location.search);
  // The link keeps the starting rate and records the change at its moment.
  expect(/actions=\d+p20000/.test(search) && search.includes('producer_rate=2000&'), `address not updated: ${search}`);
  expect(new URL(page.url()).pathname === BASE, `left the sub-path: ${page.url()}`);
});

await check('embed=1 hides the site chrome; unbounded overflow crashes, is counted and restarts', async (page) => {
  await open(page, '?embed=1&memory_mb=2&speed=16');
  expect(await page.$('header.site') === null, 'site header shown in embed mode');
  await waitMetric(page, 'lost_total', 'x > 0');
  expect(await metric(page, 'crashes_total') >= 1, 'no crash counted');
  await page.screenshot({ path: join(SCREENSHOTS, 'embed-crash.png') });
});

await check('dark mode and reduced motion render, with the figures still live', async (page) => {
  await open(page, '?policy=drop_oldest&capacity=2000&speed=4');
  await waitMetric(page, 'dropped_rate', 'x > 1000');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg !== 'rgb(255, 255, 255)', `dark mode background is ${bg}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'dark.png') });
}, { colorScheme: 'dark', reducedMotion: 'reduce' });

await check('embedded in a course page, the lab runs and leaves the host page alone', async (page) => {
  await page.goto(`${origin}/courses/week3.html`);
  const frame = page.frameLocator('#lab');
  await frame.locator('[data-metric=sim_time_s]').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => {
    const doc = document.querySelector('#lab').contentDocument;
    return Number(doc?.querySelector('[data-metric=rejected_rate]')?.textContent) > 1000;
  }, null, { timeout: 20000 });
  expect(await frame.locator('header.site').count() === 0, 'site chrome shown inside the iframe');
  await frame.locator('#producer_rate').focus();
  await frame.locator('#producer_rate').press('Home');
  await page.waitForTimeout(500);
  expect(new URL(page.url()).pathname === '/courses/week3.html', `the host page navigated: ${page.url()}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'embedded.png') });
});

// The event-sourcing lab.
const ES = '?lab=event-sourcing&seed=2&command_rate=400&accounts=8&snapshot_every=200';

await check('event sourcing: a link with offset opens there, and the state shown is the fold', async (page) => {
  await open(page, `${ES}&t=10&paused=1&offset=1500`);
  expect(await metric(page, 'offset') === 1500, `offset ${await metric(page, 'offset')}`);
  expect(await page.inputValue('#offset') === '1500', 'the scrubber is not at 1500');
  // Full replay and snapshot + tail agree, and the snapshot path replayed less.
  expect(await metric(page, 'rebuild_match') === 1, 'the two rebuilds disagree');
  expect(await metric(page, 'replay_events_full') === 1500, 'full replay did not fold 1500 events');
  expect(await metric(page, 'replay_events_snapshot') < 200, 'snapshot replay was not short');
  const total = await metric(page, 'balance_total');
  // Same link again, same state.
  await open(page, `${ES}&t=10&paused=1&offset=1500`);
  expect(await metric(page, 'balance_total') === total, 'the same link gave another state');
  await page.screenshot({ path: join(SCREENSHOTS, 'event-sourcing.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'event-sourcing-phone.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `page scrolls sideways on a phone by ${overflow}px`);
});

await check('event sourcing: dragging the scrubber changes the state and the address', async (page) => {
  await open(page, `${ES}&t=10&paused=1&offset=1500`);
  const before = await metric(page, 'balance_total');
  await page.focus('#offset');
  for (let i = 0; i < 5; i++) await page.keyboard.press('PageDown');
  await page.waitForFunction(() => Number(document.querySelector('[data-metric=offset]').textContent) < 1500);
  await page.waitForTimeout(400);
  const after = await metric(page, 'balance_total');
  expect(after !== before, `state did not change (${before})`);
  expect(await metric(page, 'rebuild_match') === 1, 'the rebuilds disagree after scrubbing');
  const search = await page.evaluate(() => location.search);
  expect(/offset=\d+/.test(search) && !search.includes('offset=1500'), `address not updated: ${search}`);
});

await check('event sourcing: without the upcaster the rebuild fails with a clear message, and the app runs on', async (page) => {
  await open(page, `${ES}&snapshot_every=0&v2_at=3&t=6&upcaster=off&speed=4`);
  await page.waitForSelector('.fold-error', { timeout: 10000 });
  const message = await page.textContent('.fold-error');
  expect(/MoneyDeposited v1 at offset \d+/.test(message), `unclear message: ${message}`);
  const events = await metric(page, 'events_total');
  await waitMetric(page, 'events_total', `x > ${events + 100}`);
  await page.check('#upcaster');
  await page.waitForFunction(() => !document.querySelector('.fold-error'), null, { timeout: 10000 });
});

await check('a button that turns itself off keeps the keyboard focus (deploy v2, follow the head)', async (page) => {
  await open(page, '?lab=event-sourcing&command_rate=50&offset=5&t=3&paused=1');
  for (const [id, after] of [['deploy_v2', /v2 deployed at/], ['follow', /Follow the head/]]) {
    await page.focus(`#${id}`);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
    const [focused, text, off] = await page.evaluate(() => [document.activeElement?.id, document.activeElement?.textContent, document.activeElement?.getAttribute('aria-disabled')]);
    expect(focused === id && after.test(text) && off === 'true', `#${id} after Enter: focus on #${focused}, "${text}", aria-disabled ${off}`);
  }
});

await check('event sourcing: concurrent withdrawals, one wins and one conflicts; audit trail lists the stream', async (page) => {
  await open(page, '?lab=event-sourcing&command_rate=0&paused=1');
  await page.fill('#hand_account', '3'); await page.press('#hand_account', 'Tab');
  await page.click('#open');
  await page.fill('#hand_amount', '100'); await page.press('#hand_amount', 'Tab');
  await page.click('#deposit');
  await page.fill('#hand_amount', '30'); await page.press('#hand_amount', 'Tab');
  await page.click('#concurrent');
  await waitMetric(page, 'conflicts_total', 'x === 1');
  const outcomes = await page.textContent('.outcomes');
  expect(outcomes.includes('appended') && outcomes.includes('conflict'), `outcomes: ${outcomes}`);
  await page.fill('#audit_account', '3'); await page.press('#audit_account', 'Tab');
  await waitMetric(page, 'audit_events', 'x === 3');
  expect((await page.textContent('.audit-scroll')).includes('MoneyWithdrawn'), 'audit trail misses the withdrawal');
});

// The course shell: tour, guide steps, challenges, embed code.
await check('the tour opens with no lab, runs its miniatures, and every link in it opens a lab', async (page) => {
  await page.goto(`${origin}${BASE}`);
  await page.waitForSelector('.tour canvas.miniature', { timeout: 30000 });
  expect((await page.$$('.tour-part')).length === 9, 'the tour does not have its nine parts');
  const hrefs = await page.$$eval('.tour-part a', (as) => as.map((a) => a.getAttribute('href')));
  for (const lab of ['backpressure', 'event-sourcing', 'async', 'views', 'cqrs', 'gateway', 'streams', 'pipeline']) {
    expect(hrefs.some((h) => h.startsWith(`?lab=${lab}`)), `the tour does not link the ${lab} lab: ${hrefs}`);
  }
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(SCREENSHOTS, 'tour.png'), fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'tour-phone.png') });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `the tour scrolls sideways on a phone by ${overflow}px`);
  for (const href of hrefs) {
    await open(page, href);
    expect(await page.$('.notice') === null, `${href} opened with a notice`);
  }
});

await check('a course link opens step 3; answer, run, skip, and the reveal shows the engine\'s figures', async (page) => {
  await open(page, '?lab=backpressure&step=3');
  await page.waitForSelector('[data-guide-step="3"]');
  expect(await page.isChecked('#policy-reject'), 'step 3 did not set its configuration');
  expect((await page.textContent('.guide-count')).includes('Step 3 of'), 'no "step k of N"');
  expect(await page.locator('[data-action=preset]').count() === 0, 'the presets stand between the steps and the question');
  await page.click('[data-choice="0"]');
  await waitMetric(page, 'sim_time_s', 'x > 0.5');
  // From the keyboard: the skip button goes, and the focus lands on the reveal it made.
  await page.focus('[data-action=skip]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-reveal]');
  await page.waitForTimeout(100);
  expect(await page.evaluate(() => document.activeElement?.classList.contains('reveal')), 'after skipping, the focus is not on the reveal');
  const reveal = await page.textContent('.reveal');
  expect(reveal.startsWith('Right.'), `reveal: ${reveal}`);
  const refused = Number((await page.textContent('[data-reveal]')).match(/([\d\u202f]+) refused a second/)?.[1].replace(/\u202f/g, ''));
  expect(Math.abs(refused - 5000) < 500, `the reveal's figure is not the engine's: ${reveal}`);
  await waitMetric(page, 'sim_time_s', 'x === 10', 10000).catch(() => { throw new Error('skip did not take the lab to the step\'s moment'); });
  await page.screenshot({ path: join(SCREENSHOTS, 'guide-step.png') });
  // Keys move between steps, and the address follows.
  await page.focus('[data-action=next]');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('[data-guide-step="4"]');
  expect(await page.isChecked('#policy-drop_oldest'), 'step 4 did not set its configuration');
  await page.waitForTimeout(400);
  expect((await page.evaluate(() => location.search)).includes('step=4'), 'the address does not name the step');
  await page.click('[data-action=back]');
  await page.waitForSelector('[data-guide-step="3"]');
  // Copy embed code: the snippet is shown even where the clipboard is refused.
  await page.click('[data-action=copy-embed]');
  const snippet = await page.inputValue('[data-embed-snippet]');
  for (const part of ['<iframe', 'embed=1', 'step=3', 'loading="lazy"', 'title="Scaling Lab: Back-pressure lab"', BASE]) {
    expect(snippet.includes(part), `embed snippet lacks ${part}: ${snippet}`);
  }
  // The embedded step shows the guide with the lab and no site chrome.
  const src = snippet.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
  await page.goto(src);
  await page.waitForSelector('[data-guide-step="3"]', { timeout: 30000 });
  expect(await page.$('header.site') === null, 'site chrome in the embedded step');
});

await check('a challenge passes with a right configuration and fails with a wrong one', async (page) => {
  await open(page, '?lab=backpressure&producer_rate=10000&consumer_rate=5000&workers=1&policy=drop_oldest&capacity=400&paused=1');
  const verdict = '[data-challenge=fresh]';
  await page.click('.challenges > summary');
  expect(await page.getAttribute(verdict, 'data-verdict') === 'pending', 'verdict not pending at first');
  const article = page.locator('.challenge', { has: page.locator(verdict) });
  await article.locator('[data-action=check-challenge]').click();
  await page.waitForSelector(`${verdict}[data-verdict=pass]`, { timeout: 20000 });
  expect((await page.textContent(verdict)).includes('99th-percentile'), 'the verdict does not name the measured figure');
  expect(await page.getAttribute(`${verdict} a`, 'href') !== null, 'no link to the solution');
  await article.locator('button', { hasText: 'Set up the challenge' }).click();
  await page.waitForFunction(() => document.querySelector('#policy-unbounded')?.checked);
  await page.waitForTimeout(400);
  await article.locator('[data-action=check-challenge]').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${verdict}[data-verdict=fail]`, { timeout: 20000 });
  await page.waitForTimeout(100);
  expect(await page.evaluate(() => document.activeElement?.dataset.action) === 'check-challenge', 'after the verdict, the focus is not on its check button');
  // Progress survives a reload through localStorage.
  await page.reload();
  await page.waitForSelector('[data-metric=sim_time_s]');
  await page.click('.challenges > summary');
  expect((await page.textContent('.challenge h3 >> nth=1')).includes('✓'), 'a passed challenge is not remembered');
});

await check('a guide step embedded in a course page: answer and reveal inside the iframe, the host untouched', async (page) => {
  await page.goto(`${origin}/courses/week3-step.html`);
  const frame = page.frameLocator('#lab');
  await frame.locator('[data-guide-step="3"]').waitFor({ timeout: 30000 });
  expect(await frame.locator('header.site').count() === 0, 'site chrome inside the iframe');
  expect(await frame.locator('.guide-leave').count() === 0, 'an embedded step offers to leave the guide');
  await frame.locator('[data-choice="0"]').click();
  await frame.locator('[data-action=skip]').click();
  await frame.locator('[data-reveal]').waitFor();
  expect((await frame.locator('.reveal').textContent()).startsWith('Right.'), 'no reveal in the iframe');
  expect(new URL(page.url()).pathname === '/courses/week3-step.html' && new URL(page.url()).search === '', `the host page changed: ${page.url()}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'embedded-step.png') });
});

await check('with storage refused (private window, sandbox), the guide and challenges work the same', async (page) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('storage is refused here', 'SecurityError'); } });
  });
  await open(page, '?lab=backpressure&producer_rate=10000&consumer_rate=5000&workers=1&policy=drop_oldest&capacity=400&paused=1');
  await page.click('.challenges > summary');
  const article = page.locator('.challenge', { has: page.locator('[data-challenge=fresh]') });
  await article.locator('[data-action=check-challenge]').click();
  await page.waitForSelector('[data-challenge=fresh][data-verdict=pass]', { timeout: 20000 });
  expect((await page.textContent('.challenge h3 >> nth=1')).includes('✓'), 'the pass is not shown for the visit');
  await page.click('[data-action=open-step][data-index="0"]');
  await page.waitForSelector('[data-guide-step="1"]');
});

await check('a preset loads its configuration into the lab and the address', async (page) => {
  await open(page, '?lab=backpressure&policy=block&paused=1');
  await page.click('[data-action=preset][data-index="1"]');
  await page.waitForFunction(() => document.querySelector('#policy-reject')?.checked);
  await page.waitForTimeout(400);
  const search = await page.evaluate(() => location.search);
  expect(search.includes('policy=reject') && search.includes('capacity=10000'), `address: ${search}`);
  await waitMetric(page, 'rejected_rate', 'x > 4000');
  // A preset can set two runs side by side.
  await page.click('[data-action=preset][data-index="2"]');
  await page.waitForSelector('.flow.versus canvas');
  expect((await page.evaluate(() => location.search)).includes('vs=reject-drop-oldest'), 'the side-by-side preset is not in the address');
  await waitMetric(page, 'vs_dropped_total', 'x > 0');
});

for (const [name, viewport, query, bad, guess] of [
  ['desktop', { width: 1280, height: 800 }, '?lab=async&step=4', 'lots', '1,900'],
  ['phone', { width: 390, height: 844 }, '?lab=streams&step=1', '-3', '48000'],
]) await check(`a number prediction (${name}): a bad guess is refused with a reason, a guess runs the step and the reveal grades it against the engine`, async (page) => {
  await open(page, query);
  await page.waitForSelector('[data-guess]');
  expect(await page.locator('[data-choice]').count() === 0, 'a number question shows choices');
  await page.fill('[data-guess]', bad);
  await page.press('[data-guess]', 'Enter');
  await page.waitForSelector('#guess-refused:not(:empty)');
  expect(await page.getAttribute('[data-guess]', 'aria-invalid') === 'true', 'the refused guess is not marked invalid');
  expect(await metric(page, 'sim_time_s') === 0, 'a refused guess started the run');
  await page.fill('[data-guess]', guess);
  expect((await page.textContent('#guess-refused')) === '', 'the refusal stayed after typing again');
  await page.click('[data-action=guess]');
  await waitMetric(page, 'sim_time_s', 'x > 0.5');
  await page.click('[data-action=skip]');
  await page.waitForSelector('[data-metric=guess_error]');
  const error = await metric(page, 'guess_error');
  const reveal = await page.textContent('.reveal');
  expect(Number.isFinite(error) && error < 0.2, `the guess's error is not graded: ${error}`);
  expect(reveal.startsWith('Close.') && reveal.includes('You guessed'), `reveal: ${reveal}`);
  const measured = Number(reveal.match(/the engine measured ([\d\u202f.]+)/)?.[1].replace(/\u202f/g, ''));
  const typed = Number(guess.replace(/,/g, ''));
  expect(Math.abs(Math.abs(typed - measured) / measured - error) < 0.002, `the error ${error} is not |${typed} - ${measured}| / ${measured}`);
  await page.screenshot({ path: join(SCREENSHOTS, `number-step-${name}.png`) });
}, { viewport });

await check('event sourcing: the guide opens at a step and its reveal comes from the engine', async (page) => {
  await open(page, '?lab=event-sourcing&step=1');
  await page.waitForSelector('[data-guide-step="1"]');
  await page.click('[data-choice="0"]');
  await page.click('[data-action=skip]');
  await page.waitForSelector('[data-reveal]');
  expect((await page.textContent('[data-reveal]')).includes('gives 150'), await page.textContent('[data-reveal]'));
});

for (const colorScheme of ['light', 'dark']) await check(`no accessibility violations under axe-core (${colorScheme}): tour, guide steps, every lab, a phone`, async (page) => {
  const axe = join(NODE_TOOLS, 'node_modules/axe-core/axe.min.js');
  for (const q of ['', '?lab=backpressure&step=2', '?lab=event-sourcing&step=5', '?lab=event-sourcing&command_rate=400&t=5&paused=1', '?lab=async&step=5', '?lab=async&poison_pct=5&t=20&paused=1', '?lab=views&step=3', '?lab=cqrs&step=4', '?lab=cqrs&scene=timeline&fanout=hybrid&t=3&paused=1', '?lab=cqrs&step=10', '?lab=gateway&slow_b_at=2&slow_b_factor=50&breaker=on&pool=bulkhead&shedding=on&limit=1500&t=8&paused=1', '?lab=gateway&step=6', '?lab=streams&scene=tcp&read_kbps=1&t=4&paused=1', '?lab=streams&mode=demand&t=2&paused=1', '?lab=streams&step=2', '?lab=pipeline&poison_at=1&dlq=off&t=4&paused=1', '?lab=pipeline&arch=simple&step=8', '?lab=cqrs&arch=cqrs&sync_capacity=500&t=5&paused=1', '?lab=views&dataset=linkedin&users=2000&t=5&paused=1', '?lab=views&refresh=stream&cache=on&stale_alert_s=1&order_rate=3000&stream_capacity=1000&t=5&paused=1', '?lab=async&step=3', '?lab=views&vs=full-stream&t=3&paused=1', 'phone', '', '?lab=backpressure&step=2', '?lab=event-sourcing&t=3&paused=1', '?lab=async&t=3&paused=1', '?lab=views&t=3&paused=1', '?lab=cqrs&t=3&paused=1', '?lab=cqrs&scene=timeline&t=3&paused=1', '?lab=gateway&t=3&paused=1', '?lab=streams&t=3&paused=1', '?lab=pipeline&t=3&paused=1', '?lab=views&dataset=linkedin&t=3&paused=1']) {
    // The rest at a phone's width, where the presets are a row that scrolls in its own box.
    if (q === 'phone') { await page.setViewportSize({ width: 390, height: 844 }); continue; }
    await page.goto(`${origin}${BASE}${q}`);
    await page.waitForSelector(q ? '[data-metric=sim_time_s]' : '.tour canvas.miniature', { timeout: 30000 });
    if (q.includes('step=')) {
      // A number question is answered in its field, a choice question by a button.
      if (await page.$('[data-guess]')) {
        await page.fill('[data-guess]', '100');
        await page.click('[data-action=guess]');
      } else await page.click('[data-choice="0"]');
      await page.click('[data-action=skip]');
      await page.waitForSelector('[data-reveal]');
      await page.click('.challenges > summary');
    }
    await page.waitForTimeout(300);
    await page.addScriptTag({ path: axe });
    const found = await page.evaluate(async () => (await window.axe.run(document)).violations
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
    expect(found.length === 0, `${q || 'tour'}: ${found.join(' | ')}`);
  }
}, { bypassCSP: true, colorScheme });

await browser.close();
server.close();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
