// End-to-end checks of the built site. The pipeline lab.
// Run through run.mjs, which serves dist/ and reports.
import { check, open, openAny, metric, waitMetric, expect, seek, hashOf, origin, BASE, SCREENSHOTS, NODE_TOOLS, join, phoneFits } from './harness.mjs';

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
  await phoneFits(page, 'pipeline-phone.png');
});
