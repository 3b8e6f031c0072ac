// End-to-end checks of the built site. The CQRS lab: the split scene and the timeline scene.
// Run through run.mjs, which serves dist/ and reports.
import { check, open, openAny, metric, waitMetric, expect, seek, hashOf, origin, BASE, SCREENSHOTS, NODE_TOOLS, join, phoneFits } from './harness.mjs';

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
  await phoneFits(page, 'cqrs-phone.png');
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
  await phoneFits(page, 'cqrs-timeline-phone.png');
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page, '?lab=cqrs&arch=cqrs&paused=1');
  await page.check('#scene-timeline');
  await page.waitForSelector('[data-metric=tweets_total]');
  expect(/scene=timeline/.test(await page.evaluate(() => location.search)), 'the switch did not open the timeline scene');
  await page.check('#scene-split');
  await page.waitForSelector('[data-metric=stale_reads_total]');
});

await check('cqrs: a run file saved in the timeline scene, dropped on the split scene, opens in its scene with its state hash', async (page) => {
  await open(page, '?lab=cqrs&scene=timeline&users=10000&tweet_rate=50&timeline_rate=2000&seed=4&t=3&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 3');
  const hash = await hashOf(page);
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=export-json]')]);
  const path = await d.path();
  await open(page, '?lab=cqrs&seed=1');
  await page.setInputFiles('[data-action=import]', path);
  const end = Date.now() + 30000;
  while (await hashOf(page).catch(() => '') !== hash && Date.now() < end) await page.waitForTimeout(100);
  expect(await hashOf(page) === hash, `the imported run's hash is ${await hashOf(page)}, the file's ${hash}`);
  expect((await page.evaluate(() => location.search)).includes('scene=timeline'), 'the file did not open in the timeline scene');
  expect(await metric(page, 'sim_time_s') === 3, 'the imported run is not at its moment');
});
