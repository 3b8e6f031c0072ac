// Browser half of `cargo xtask bench`: opens the event-sourcing lab on a log of a million
// events and reads the full-replay time the page measures itself. Prints, never asserts.
import { createServer } from 'node:http';
import { launch } from './chromium.mjs';
import { readFile } from 'node:fs/promises';
import { join, extname, normalize } from 'node:path';

const { DIST } = process.env;
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
// A list of runs in `benches/` (`name | query` a line, `#` a comment), which the native
// benchmarks read too: `[name, query]` pairs.
const benchRuns = async (file) => (await readFile(new URL(`../../benches/${file}`, import.meta.url), 'utf8'))
  .split('\n')
  .filter((line) => !line.startsWith('#') && line.includes(' | '))
  .map((line) => { const at = line.indexOf(' | '); return [line.slice(0, at).trim(), line.slice(at + 3).trim()]; });
const browser = await launch();
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
// The engine alone in the browser: each state of `benches/same_state.txt` (t=60 of a heavy
// link), a copy run one simulated second on, timed by the page; natively the same copy of the
// same state is timed by criterion, and `cargo xtask bench` prints the ratio.
{
  for (const [name, query] of await benchRuns('same_state.txt')) {
    // Three page loads: the same build varies by 10 - 20 % from one load to the next here,
    // more than the differences the ratio is read for.
    const loads = [];
    let copies = 1;
    for (let load = 0; load < 3; load++) {
      await page.goto(`http://127.0.0.1:${server.address().port}/?${query}&t=60&paused=1`);
      await page.waitForSelector('[data-metric=sim_time_s]');
      while (await read('sim_time_s') < 60) await page.waitForTimeout(100);
      // Enough copies timed together for about 10 ms: the browser's clock counts tenths of a
      // millisecond, too coarse for a lab whose second takes half of one.
      const once = await page.evaluate(() => window.scalingLab.engine(1));
      copies = Math.max(1, Math.min(32, Math.ceil(10 / Math.max(once, 0.1))));
      const times = [];
      for (let i = 0; i < 16; i++) times.push(await page.evaluate((n) => window.scalingLab.engine(1, n), copies));
      times.shift(); // the first copy warms the allocator
      times.sort((a, b) => a - b);
      loads.push(times[7]);
    }
    loads.sort((a, b) => a - b);
    console.log(`| same state: ${name} | one simulated second of a copy of t=60 (${copies} timed together; loads ${loads.map((x) => x.toFixed(2)).join(', ')} ms) | median ${loads[1].toFixed(2)} ms |`);
  }
}
const ASYNC_HEAVY = '?lab=async&mode=async&order_rate=5000&arrivals=poisson&service=exponential&api_threads=512&email_workers=64&inventory_workers=64&invoice_workers=64&fail_pct=10&redelivery_pct=10';
// The async engine in the browser: a t=60 link at the heaviest settings, computed over frames.
{
  const t0 = Date.now();
  await page.goto(`http://127.0.0.1:${server.address().port}/${ASYNC_HEAVY}&t=60&paused=1`);
  await page.waitForSelector('[data-metric=sim_time_s]');
  while (await read('sim_time_s') < 60) await page.waitForTimeout(100);
  const s = (Date.now() - t0) / 1000;
  console.log(`| browser (Chromium, release wasm) | async, 60 simulated s at the heaviest settings (1.2 M orders and messages) in ${s.toFixed(1)} s | ${(60 * 20000 / s / 1e6).toFixed(2)} M orders and messages/s, frames included |`);
}
const CQRS_HEAVY = '?lab=cqrs&arch=cqrs&write_rate=5000&read_rate=100000&joins=8&read_replicas=16&sync_capacity=10000';
const TIMELINE_HEAVY = '?lab=cqrs&scene=timeline&users=10000000&zipf=0.5&tweet_rate=100000&timeline_rate=1000000&fanout=write&celebrity_threshold=1000&fanout_capacity=100000000';
const TWITTER_2012 = '?lab=cqrs&scene=timeline&users=10000000&zipf=0.84&tweet_rate=4600&timeline_rate=300000&fanout=write&celebrity_threshold=1000000&fanout_capacity=1000000';
const GATEWAY_HEAVY = '?lab=gateway&rate_a=20000&rate_b=20000&rate_c=20000&rate_d=20000&limit=15000&shedding=on&threads=1024&latency_ms=20&timeout_ms=1000&pool=bulkhead&breaker=on&slow_b_at=0&slow_b_factor=3&retry=immediate';
const STREAMS_TCP_HEAVY = '?lab=streams&scene=tcp&rwnd_kb=65535&read_kbps=1000000&send_kbps=1000000&rtt_ms=1000';
const STREAMS_DEMAND_HEAVY = '?lab=streams&scene=demand&producer_rate=100000&consumer_rate=100000&mode=demand&batch=10000';
const PIPELINE_HEAVY = '?lab=pipeline&write_rate=2000000&read_rate=2000000&partitions=64&consumers=64&consumer_capacity=40000&redelivery_pct=10&idempotent=on';
const VIEWS_HEAVY = '?lab=views&order_rate=20000&read_rate=20000&users=1000000&products=100000&categories=100&read_from=query&day_s=86400';
// A frame's work at the heaviest settings, as the page measures it (one-second windows).
const heavy = [
  ['cqrs, 5,000 commands and 100,000 queries/s, 16 replicas, 16×', CQRS_HEAVY + '&speed=16'],
  ['cqrs timelines, 10 M users (zipf 0.5), 100,000 tweets and 1 M opens/s, fan-out on write at 100 M writes/s, 16×', TIMELINE_HEAVY + '&speed=16'],
  ['cqrs timelines, Twitter 2012, 16×', TWITTER_2012 + '&speed=16'],
  ['gateway, 4 × 20,000 requests/s, 1,024 threads, B 3× slower, immediate retries, 16×', GATEWAY_HEAVY + '&speed=16'],
  ['streams, TCP at 1 Gbit/s with a 64 MB window over 1 s, 16×', STREAMS_TCP_HEAVY + '&speed=16'],
  ['streams, demand at 100,000 items/s, n = 10,000, 16×', STREAMS_DEMAND_HEAVY + '&speed=16'],
  ['pipeline, 2 M commands and 2 M queries/s, 64 partitions, 64 consumers a view, 10 % lost acks, 16×', PIPELINE_HEAVY + '&speed=16'],
  ['views, 20,000 orders and reads/s, 1 M users, full refresh every second, 16×', VIEWS_HEAVY + '&refresh=full&refresh_every_s=1&speed=16'],
  ['views, the same by stream (1 M changes/s) with the record cache, 16×', VIEWS_HEAVY + '&refresh=stream&stream_capacity=1000000&cache=on&speed=16'],
  ['back-pressure, 20,000 msg/s, 16 workers, 16×', '?producer_rate=20000&arrivals=poisson&consumer_rate=1200&workers=16&service=exponential&policy=reject&speed=16'],
  ['event sourcing, 10,000 commands/s, 1,000 accounts, 16×', '?lab=event-sourcing&command_rate=10000&accounts=1000&snapshot_every=1000&speed=16'],
  ['async, 5,000 orders/s, 64 workers a queue, 10 % failures and lost acks, 16×', ASYNC_HEAVY + '&speed=16'],
  // Two runs side by side: twice the engine's work, two pictures.
  ['compare: async, synchronous against asynchronous, the heaviest settings, 16×', ASYNC_HEAVY + '&vs=sync-async&speed=16'],
  ['compare: back-pressure, reject against drop-oldest, 20,000 msg/s, 16×', '?producer_rate=20000&arrivals=poisson&consumer_rate=1200&workers=16&service=exponential&policy=reject&vs=reject-drop-oldest&speed=16'],
  ['compare: views, full refresh every second against the stream, 16×', VIEWS_HEAVY + '&refresh_every_s=1&stream_capacity=1000000&cache=on&vs=full-stream&speed=16'],
  ['compare: cqrs timelines, fan-out on write against the hybrid, the heaviest settings, 16×', TIMELINE_HEAVY + '&vs=write-hybrid&speed=16'],
];
for (const [name, query] of heavy) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`http://127.0.0.1:${server.address().port}/${query}`);
  await page.waitForSelector('[data-metric=frame_ms_mean]');
  const means = [], maxes = [];
  for (let i = 0; i < 8; i++) {
    await page.waitForTimeout(1000);
    means.push(await read('frame_ms_mean'));
    maxes.push(await read('frame_ms_max'));
  }
  means.sort((a, b) => a - b); maxes.sort((a, b) => a - b);
  console.log(`| ${name} | frame work median of 1 s means ${means[4].toFixed(2)} ms | median of 1 s maxima ${maxes[4].toFixed(2)} ms | fps ${await read('fps')} |`);
}

// Experiments: the M/M/1 preset's 100 runs of 60 simulated seconds in Web Workers, with one
// worker and then with all (the page starts one a core but one; the core count is set
// through the browser's emulation). Native: `benches/ten_minutes.rs` runs the same runs.
{
  const { cpus } = await import('node:os');
  const mm1 = { sweep: 'producer_rate', values: ['500', '700', '800', '900', '950'], metrics: ['in_system'], seeds: 20, duration_s: 60, warmup_s: 10 };
  const setup = 'arrivals=poisson&service=exponential&workers=1&consumer_rate=1000&policy=unbounded&memory_mb=512&producer_rate=500';
  for (const cores of [2, cpus().length + 1]) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: cores });
    await page.goto(`http://127.0.0.1:${server.address().port}/?lab=backpressure&${setup}&paused=1&exp=${encodeURIComponent(JSON.stringify(mm1))}`);
    await page.waitForSelector('[data-action=experiment-run]');
    const t0 = Date.now();
    await page.click('[data-action=experiment-run]');
    await page.waitForFunction(() => Number(document.querySelector('[data-metric=experiment_points_done]')?.textContent) === 5, null, { timeout: 600000 });
    const s = (Date.now() - t0) / 1000;
    console.log(`| experiment: M/M/1 preset, 100 runs of 60 simulated s, ${cores - 1} worker${cores > 2 ? 's' : ''} | ${s.toFixed(1)} s | ${(6000 / s).toFixed(0)} simulated s per s |`);
    await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: cpus().length });
    await cdp.detach();
  }
}

// Seek: each lab's heaviest settings run for ten simulated minutes (a `t=600` link, computed
// over frames), then the timeline dragged back from the end to twenty moments spread over the
// run; the page's own time for each seek (from the input event to the new state in place).
// Each lab's heaviest run, as `benches/ten_minutes.txt` lists them (natively timed too).
for (const [name, query] of await benchRuns('ten_minutes.txt')) {
  const start = Date.now();
  await page.goto(`http://127.0.0.1:${server.address().port}/?${query}&t=600&paused=1`);
  await page.waitForSelector('[data-metric=sim_time_s]');
  while (await read('sim_time_s') < 600) {
    if (Date.now() - start > 600000) throw new Error(`${name}: t=600 never reached`);
    await page.waitForTimeout(200);
  }
  const opened = (Date.now() - start) / 1000;
  const times = [];
  const busy = [];
  for (let i = 0; i < 20; i++) {
    const t = ((i * 7919) % 600) + 0.5;
    const [took, held] = await page.evaluate(async (t) => {
      const el = document.querySelector('[data-control=timeline]');
      const bar = document.querySelector('.runbar .progress');
      const arrived = async () => {
        while (!bar.hidden) await new Promise(requestAnimationFrame);
      };
      // From the end each time, as a learner drags back: the seek cannot run on from the
      // moment shown before, so it replays from the nearest checkpoint, which is its cost.
      el.value = '600';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      await arrived();
      const t0 = performance.now();
      el.value = String(t);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      // The longest the page went without a frame: the input handler, then each frame's
      // share of a seek too long for one.
      let held = performance.now() - t0, last = performance.now();
      while (!bar.hidden) {
        await new Promise(requestAnimationFrame);
        held = Math.max(held, performance.now() - last);
        last = performance.now();
      }
      return [performance.now() - t0, held];
    }, t);
    times.push(took);
    busy.push(held);
  }
  times.sort((a, b) => a - b);
  busy.sort((a, b) => a - b);
  console.log(`| seek: ${name} | t=600 link computed in ${opened.toFixed(1)} s | seek median ${times[10].toFixed(1)} ms, worst ${times[19].toFixed(1)} ms | page held up at most ${busy[19].toFixed(1)} ms |`);
}

// Soak: each lab at its heaviest settings and 16× for ten simulated minutes; memory at one
// minute and at ten. The back-pressure run uses an unbounded queue with the largest memory
// limit, so the queue grows to its bound, crashes and restarts over and over; the
// event-sourcing run appends about six million events, past the log's in-memory bound.
const soak = [
  ['back-pressure, unbounded, 20,000 into 16 × 1,000 msg/s, 512 MiB', '?producer_rate=20000&arrivals=poisson&consumer_rate=1000&workers=16&service=exponential&policy=unbounded&memory_mb=512&speed=16'],
  ['event sourcing, 10,000 commands/s, 1,000 accounts', '?lab=event-sourcing&command_rate=10000&accounts=1000&snapshot_every=1000&speed=16'],
  ['views, 20,000 orders/s (the table reaches its 2 M bound at 105 s), 1 M users, full refresh every second', VIEWS_HEAVY + '&refresh=full&refresh_every_s=1&speed=16'],
];
soak.push(['cqrs, 5,000 commands and 100,000 queries/s, 16 replicas', CQRS_HEAVY + '&speed=16']);
soak.push(['pipeline, 2 M commands and 2 M queries/s, 64 partitions, 64 consumers a view', PIPELINE_HEAVY + '&speed=16']);
soak.push(['streams, TCP at 1 Gbit/s with a 64 MB window over 1 s', STREAMS_TCP_HEAVY + '&speed=16']);
soak.push(['gateway, 4 × 20,000 requests/s, 1,024 threads, B 3× slower, immediate retries', GATEWAY_HEAVY + '&speed=16']);
soak.push(['cqrs timelines, 10 M users (zipf 0.5), 100,000 tweets and 1 M opens/s', TIMELINE_HEAVY + '&speed=16']);
soak.push(['async, 5,000 orders/s, 64 workers a queue', ASYNC_HEAVY + '&speed=16']);
const mib = (b) => (b / 1048576).toFixed(1);
for (const [name, query] of soak) {
  await page.goto(`http://127.0.0.1:${server.address().port}/${query}`);
  await page.waitForSelector('[data-metric=sim_time_s]');
  const memory = () => page.evaluate(() => [window.scalingLab?.memory?.buffer.byteLength ?? NaN, performance.memory?.usedJSHeapSize ?? NaN]);
  const at = async (t) => {
    const start = Date.now();
    while (await read('sim_time_s') < t) {
      if (Date.now() - start > 300000) throw new Error(`${name}: simulated time stuck below ${t} s`);
      await page.waitForTimeout(500);
    }
    return memory();
  };
  const [w1, j1] = await at(60);
  const [w10, j10] = await at(600);
  console.log(`| soak: ${name} | wasm memory ${mib(w1)} MiB at 1 min, ${mib(w10)} MiB at 10 min | JS heap ${mib(j1)} MiB, ${mib(j10)} MiB |`);
}

await browser.close();
server.close();
