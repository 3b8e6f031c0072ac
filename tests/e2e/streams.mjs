// End-to-end checks of the built site. The streams lab.
// Run through run.mjs, which serves dist/ and reports.
import { check, open, openAny, metric, waitMetric, expect, seek, hashOf, origin, BASE, SCREENSHOTS, NODE_TOOLS, join, phoneFits } from './harness.mjs';

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
  await phoneFits(page, 'streams-phone.png');
});
