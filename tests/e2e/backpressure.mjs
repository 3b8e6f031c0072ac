// End-to-end checks of the built site. The back-pressure lab.
// Run through run.mjs, which serves dist/ and reports.
import { check, open, openAny, metric, waitMetric, expect, seek, hashOf, origin, BASE, SCREENSHOTS, NODE_TOOLS, join } from './harness.mjs';

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
