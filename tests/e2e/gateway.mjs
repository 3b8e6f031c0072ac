// End-to-end checks of the built site. The gateway lab.
// Run through run.mjs, which serves dist/ and reports.
import { check, open, openAny, metric, waitMetric, expect, seek, hashOf, origin, BASE, SCREENSHOTS, NODE_TOOLS, join, phoneFits } from './harness.mjs';

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
  await phoneFits(page, 'gateway-phone.png');
});
