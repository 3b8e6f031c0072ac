// End-to-end checks of the built site. The materialized-views lab.
// Run through run.mjs, which serves dist/ and reports.
import { check, open, openAny, metric, waitMetric, expect, seek, hashOf, origin, BASE, SCREENSHOTS, NODE_TOOLS, join, phoneFits } from './harness.mjs';

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
  await phoneFits(page, 'views-phone.png');
});
