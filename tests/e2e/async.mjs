// End-to-end checks of the built site. The async-processing lab.
// Run through run.mjs, which serves dist/ and reports.
import { check, open, openAny, metric, waitMetric, expect, seek, hashOf, origin, BASE, SCREENSHOTS, NODE_TOOLS, join, phoneFits } from './harness.mjs';

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
  await phoneFits(page, 'async-phone.png');
});
