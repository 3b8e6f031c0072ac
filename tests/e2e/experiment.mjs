// End-to-end checks of experiments: a link opens one ready to run (not running); run, it
// gives the same CSV bit for bit twice; a large one keeps the page above 50 frames a second
// and stops within a value of Cancel; a published result's preset runs against its formula;
// a bad `exp=` is named.
// Run through run.mjs, which serves dist/ and reports.
import { readFile } from 'node:fs/promises';
import { check, open, expect, SCREENSHOTS, join } from './harness.mjs';

const LAB = '?lab=backpressure&producer_rate=12000&consumer_rate=5000&workers=2&policy=reject&capacity=500';
const link = (e) => `${LAB}&exp=${encodeURIComponent(JSON.stringify(e))}`;
const SMALL = { sweep: 'workers', values: ['1', '2', '3'], metrics: ['queue_depth', 'rejected_rate'], seeds: 4, duration_s: 6, warmup_s: 2 };

/** The number of values done, or -1 before a run. */
const pointsDone = (page) => page.$eval('[data-metric=experiment_points_done]', (e) => Number(e.textContent)).catch(() => -1);

async function runToEnd(page, points) {
  await page.click('[data-action=experiment-run]');
  await page.waitForFunction((n) => Number(document.querySelector('[data-metric=experiment_points_done]')?.textContent) === n, points, { timeout: 120000 });
}

async function csvOf(page) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=experiment-csv]')]);
  return readFile(await d.path(), 'utf8');
}

await check('an experiment link opens ready to run, and runs to the same CSV twice', async (page) => {
  await open(page, link(SMALL));
  const described = await page.textContent('[data-experiment-description]');
  expect(described.includes('workers') && described.includes('Nothing runs'), described);
  await page.waitForTimeout(500);
  expect(await pointsDone(page) === -1, 'an experiment started by itself');
  await runToEnd(page, 3);
  const rows = await page.$$eval('[data-point]', (rs) => rs.map((r) => ({ v: r.dataset.value, mean: Number(r.querySelector('[data-mean]').dataset.mean), low: Number(r.querySelector('[data-low]').dataset.low), high: Number(r.querySelector('[data-high]').dataset.high) })));
  expect(rows.length === 3 && rows.every((r) => r.low <= r.mean && r.mean <= r.high), JSON.stringify(rows));
  // 12,000 a second into 5,000 per worker: the queue is full with one or two workers, empty with three.
  expect(rows[0].mean > 400 && rows[2].mean < 50, JSON.stringify(rows));
  const first = await csvOf(page);
  expect(first.split('\n')[0] === 'point,workers,seed,queue_depth,rejected_rate' && first.trim().split('\n').length === 13, first);
  await page.locator('.experiment').screenshot({ path: join(SCREENSHOTS, 'experiment.png') });
  await open(page, link(SMALL));
  await runToEnd(page, 3);
  expect(await csvOf(page) === first, 'the same experiment gave another CSV');
});

await check('a large experiment keeps the page above 50 frames a second and stops within a value of Cancel', async (page) => {
  const big = { sweep: 'producer_rate', values: ['2000', '4000', '6000', '8000', '10000', '12000', '14000', '16000', '18000', '20000'], metrics: ['queue_depth'], seeds: 100, duration_s: 3, warmup_s: 1 };
  await open(page, `${link(big)}&paused=1`);
  await page.click('[data-action=experiment-run]');
  await page.waitForFunction(() => document.querySelector('[data-metric=experiment_points_done]'));
  const fps = await page.evaluate(() => new Promise((done) => {
    let frames = 0;
    const start = performance.now();
    const tick = (t) => { frames++; if (t - start < 3000) requestAnimationFrame(tick); else done(frames / ((t - start) / 1000)); };
    requestAnimationFrame(tick);
  }));
  expect(fps >= 50, `${fps.toFixed(1)} frames a second during the experiment`);
  const running = await pointsDone(page);
  expect(running < 10, `the experiment ended (${running} values) before it could be cancelled`);
  await page.click('[data-action=experiment-cancel]');
  const at = await pointsDone(page);
  await page.waitForTimeout(1500);
  const later = await pointsDone(page);
  expect(later <= at + 1, `values went on after Cancel: ${at} then ${later}`);
  console.log(`     ${fps.toFixed(1)} frames a second while running; cancelled at ${at} of 10 values`);
});

await check('the M/M/1 preset sets its lab and runs against ρ / (1 − ρ)', async (page) => {
  await open(page, '?lab=backpressure');
  await page.click('[data-action=experiment]');
  await page.click('[data-action=experiment-preset][data-index="0"]');
  await page.waitForSelector('[data-experiment-preset=mm1]', { timeout: 30000 });
  expect((await page.inputValue('#consumer_rate')) === '1000', 'the preset did not set the lab');
  await runToEnd(page, 5);
  const row = await page.$eval('[data-point="4"]', (r) => ({ mean: Number(r.querySelector('[data-mean]').dataset.mean), formula: Number(r.querySelectorAll('td')[3].textContent) }));
  expect(Math.abs(row.formula - 9) < 0.01 && Math.abs(row.mean - 9) < 1.5, JSON.stringify(row));
  await page.locator('.experiment').screenshot({ path: join(SCREENSHOTS, 'experiment-mm1.png') });
});

await check('a bad experiment in a link is named, and the lab opens', async (page) => {
  await open(page, `${LAB}&exp=nonsense`);
  expect(await page.$('[data-notice=exp]'), 'a bad exp= is not named');
  await open(page, link({ ...SMALL, values: ['1', 'many'] }));
  await page.click('[data-action=experiment-run]');
  const why = await page.textContent('.experiment .refused');
  expect(why.includes('workers=many'), why);
  // From, to and points fill the values evenly, whole numbers between whole ends.
  await page.fill('[data-experiment=from]', '1');
  await page.fill('[data-experiment=to]', '7');
  await page.fill('[data-experiment=points]', '4');
  await page.click('[data-action=experiment-fill]');
  expect(await page.inputValue('[data-experiment=values]') === '1, 3, 5, 7', await page.inputValue('[data-experiment=values]'));
  // A wide results table (three figures) scrolls in its own region, not the page.
  await open(page, `?lab=cqrs&scene=timeline&exp=${encodeURIComponent(JSON.stringify({ ...SMALL, sweep: 'celebrity_threshold', values: ['1000', '10000000'], metrics: ['fanout_writes_per_s', 'merges_per_read', 'tweet_visible_p99_ms'] }))}`);
  await page.waitForSelector('.experiment-results');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `the experiment's table widens the page by ${overflow}px`);
});
