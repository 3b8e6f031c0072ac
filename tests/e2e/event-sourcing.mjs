// End-to-end checks of the built site. The event-sourcing lab.
// Run through run.mjs, which serves dist/ and reports.
import { check, open, openAny, metric, waitMetric, expect, seek, hashOf, origin, BASE, SCREENSHOTS, NODE_TOOLS, join, phoneFits } from './harness.mjs';

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
  await phoneFits(page, 'event-sourcing-phone.png');
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

await check('event sourcing: the guide opens at a step and its reveal comes from the engine', async (page) => {
  await open(page, '?lab=event-sourcing&step=1');
  await page.waitForSelector('[data-guide-step="1"]');
  await page.click('[data-choice="0"]');
  await page.click('[data-action=skip]');
  await page.waitForSelector('[data-reveal]');
  expect((await page.textContent('[data-reveal]')).includes('gives 150'), await page.textContent('[data-reveal]'));
});
