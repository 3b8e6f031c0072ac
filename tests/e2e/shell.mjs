// End-to-end checks of the built site. The site as a whole: loading, links, the timeline and run tools, comparisons, the tour, the guide and its challenges, accessibility, phones and embedding.
// Run through run.mjs, which serves dist/ and reports.
import { readFile } from 'node:fs/promises';
import { check, open, openAny, metric, waitMetric, expect, seek, hashOf, origin, BASE, SCREENSHOTS, NODE_TOOLS, join, phoneFits } from './harness.mjs';

await check('loads from a sub-path with no console error, screenshots desktop and phone', async (page) => {
  await open(page, '?lab=backpressure&speed=4');
  const csp = await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content');
  expect(csp.includes("script-src 'self' 'wasm-unsafe-eval'") && !/script-src[^;]*unsafe-inline/.test(csp), `CSP: ${csp}`);
  await waitMetric(page, 'sim_time_s', 'x > 8');
  // The keyboard's way past the menu and the guide: the first Tab reaches the skip link, and
  // the Tab after following it lands in the lab.
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => document.activeElement.textContent);
  expect(skip === 'Skip to the lab', `the first Tab reaches ${skip}, not the skip link`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement.closest('section.lab')), 'after the skip link, Tab does not land in the lab');
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(SCREENSHOTS, 'desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(SCREENSHOTS, 'phone.png'), fullPage: true });
  await page.locator('.flow').screenshot({ path: join(SCREENSHOTS, 'phone-flow.png') });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `page scrolls sideways on a phone by ${overflow}px`);
});

await check('link parameters take effect; t= opens already advanced; paused=1 stays paused', async (page) => {
  await open(page, '?lab=backpressure&seed=3&producer_rate=12000&workers=2&consumer_rate=5000&policy=reject&capacity=500&t=20&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 20');
  const rate = await metric(page, 'arrival_rate');
  expect(Math.abs(rate - 12000) < 200, `arrival_rate ${rate}`);
  const rejected = await metric(page, 'rejected_rate');
  expect(Math.abs(rejected - 2000) < 200, `rejected_rate ${rejected} (12,000 into 2 × 5,000)`);
  expect(await page.isChecked('#policy-reject'), 'reject policy not selected');
  expect(await page.inputValue('#producer_rate') === '12000', 'slider not at 12000');
  await page.waitForTimeout(500);
  expect(await metric(page, 'sim_time_s') === 20, 'a paused lab moved');
  // Conservation, read off the page.
  const m = {};
  for (const k of ['arrived_total', 'completed_total', 'rejected_total', 'dropped_total', 'lost_total', 'queue_depth', 'in_service']) m[k] = await metric(page, k);
  expect(m.arrived_total === m.completed_total + m.rejected_total + m.dropped_total + m.lost_total + m.queue_depth + m.in_service,
    `conservation broken on the page: ${JSON.stringify(m)}`);
});

await check('the same link gives the same numbers twice', async (page) => {
  const q = '?seed=42&arrivals=poisson&service=exponential&policy=drop_oldest&capacity=200&t=7.5&paused=1';
  await open(page, q);
  await waitMetric(page, 'sim_time_s', 'x === 7.5');
  const first = await page.textContent('.readouts');
  const hash = await page.textContent('[data-metric=state_hash]');
  await open(page, q);
  await waitMetric(page, 'sim_time_s', 'x === 7.5');
  expect(first === await page.textContent('.readouts'), 'two loads of one link differ');
  expect(hash === await page.textContent('[data-metric=state_hash]'), 'two loads of one link have different state hashes');
});

await check('timeline: a seek shows that moment exactly; acting there forks the run and the link records it', async (page) => {
  const q = '?lab=backpressure&seed=5&producer_rate=15000&arrivals=poisson&workers=2&consumer_rate=5000&policy=reject&capacity=2000&speed=16';
  await open(page, `${q}&t=10&paused=1`);
  await waitMetric(page, 'sim_time_s', 'x === 10');
  const at10 = await hashOf(page);
  expect(/^[0-9a-f]{16}$/.test(at10), `state hash: ${at10}`);
  await open(page, q);
  await waitMetric(page, 'sim_time_s', 'x > 25');
  const ms = await seek(page, 10);
  expect(await metric(page, 'sim_time_s') === 10, `after a seek to 10 s: ${await metric(page, 'sim_time_s')}`);
  expect(await hashOf(page) === at10, 'the moment a seek shows differs from the same moment opened by link');
  expect(ms < 50, `a seek took ${ms.toFixed(1)} ms`);
  expect(await page.getAttribute('#play', 'aria-pressed') === 'false', 'a seek did not pause the run');
  // From the keyboard, the arrow keys move a simulated second.
  await page.focus('[data-control=timeline]');
  await page.keyboard.press('ArrowLeft');
  await waitMetric(page, 'sim_time_s', 'x === 9');
  await page.keyboard.press('ArrowRight');
  await waitMetric(page, 'sim_time_s', 'x === 10');
  expect(await hashOf(page) === at10, 'back at 10 s from the keyboard, the state differs');
  // Change the workers at 10 s: the run forks, and the link carries the change.
  await page.focus('#workers');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('.run-status:text("Changed at 10 s")');
  await page.waitForTimeout(400);
  const search = await page.evaluate(() => location.search);
  expect(/actions=10000w3/.test(search), `the fork is not in the address: ${search}`);
  // The address reproduces the forked run: same hash at the same moment.
  await page.click('#play');
  await waitMetric(page, 'sim_time_s', 'x > 14');
  await page.click('#play');
  await page.waitForTimeout(300);
  const forked = await hashOf(page);
  // The run it replaced stays on the charts, faint, until cleared.
  await page.locator('.charts').screenshot({ path: join(SCREENSHOTS, 'fork-charts.png') });
  expect(await page.isVisible('[data-action=clear-ghost]'), 'no way to clear the earlier run');
  // From the keyboard: the button hides itself, and the focus moves to the timeline.
  await page.focus('[data-action=clear-ghost]');
  await page.keyboard.press('Enter');
  expect(!(await page.isVisible('[data-action=clear-ghost]')), 'the earlier run was not cleared');
  expect(await page.evaluate(() => document.activeElement?.id) === 'timeline', 'clearing the earlier run lost the keyboard focus');
  await page.click('#share');
  const link = await page.inputValue('.share input');
  await page.goto(link);
  const end = Date.now() + 20000;
  while (await hashOf(page).catch(() => '') !== forked && Date.now() < end) await page.waitForTimeout(50);
  expect(await hashOf(page) === forked, `the forked run's link does not reproduce it: ${link}`);
});

await check('a seek too long for one frame goes on over frames with its progress shown; a further drag moves it; both runs of a comparison arrive at that moment exactly', async (page) => {
  // The views lab at its heaviest keeps few checkpoints (each holds a million users' rows):
  // at 30 s, one at the start and one at about 24 s, so going back to 22 s replays 22 s.
  // Compared with a stream refresh, whose run follows over frames too.
  const q = '?lab=views&order_rate=20000&read_rate=20000&users=1000000&products=100000&categories=100&read_from=query&day_s=86400&refresh_every_s=1&vs=full-stream';
  const table = () => page.textContent('table');
  const hashShown = () => page.waitForFunction(() => /^[0-9a-f]{16}$/.test(document.querySelector('[data-metric=state_hash]').textContent));
  await open(page, `${q}&t=12&paused=1`);
  await waitMetric(page, 'sim_time_s', 'x === 12');
  await hashShown();
  const at12 = await hashOf(page);
  await page.waitForTimeout(600);
  const both12 = await table();
  await open(page, `${q}&t=30&paused=1`);
  await waitMetric(page, 'sim_time_s', 'x === 30');
  const seen = await page.evaluate(async () => {
    const el = document.querySelector('[data-control=timeline]');
    const bar = document.querySelector('.runbar .progress');
    const drag = (t) => {
      const t0 = performance.now();
      el.value = String(t);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      return performance.now() - t0;
    };
    const first = drag(22);
    await new Promise(requestAnimationFrame);
    const pending = !bar.hidden;
    const thumb = el.value;
    const said = bar.textContent;
    // Dragged on before it arrives: the target moves, back past the live state.
    const second = drag(12);
    // A link taken meanwhile is of the moment chosen, not of where the replay has got to.
    document.getElementById('share').click();
    let longest = 0, last = performance.now(), frames = 0;
    const end = last + 30000;
    do {
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      frames++;
    } while (!bar.hidden && performance.now() < end);
    const link = document.querySelector('.share input')?.value ?? '';
    return { first, second, pending, thumb, said, longest, frames, done: bar.hidden, link };
  });
  expect(/[?&]t=12(&|$)/.test(seen.link), `a link taken during the seek is not of 12 s: ${seen.link}`);
  expect(seen.pending && seen.frames > 1, `the seek did not go on over frames: ${JSON.stringify(seen)}`);
  expect(Number(seen.thumb) === 22 && /Computing the run: \d+ %/.test(seen.said), `while it ran the bar did not show the moment chosen and the progress: ${JSON.stringify(seen)}`);
  expect(seen.done, 'the seek never arrived');
  // Responsive: the handlers and every frame stay short, however long the whole seek.
  expect(seen.first < 150 && seen.second < 150 && seen.longest < 200, `the page was held up: ${JSON.stringify(seen)}`);
  await waitMetric(page, 'sim_time_s', 'x === 12');
  await hashShown();
  expect(await hashOf(page) === at12, 'the moment the seek arrived at differs from the same moment opened by link');
  const end = Date.now() + 10000;
  while (await table() !== both12 && Date.now() < end) await page.waitForTimeout(100);
  expect(await table() === both12, `the second run did not arrive at 12 s: ${await table()} against ${both12}`);
});

await check('compare: two runs side by side on one seed; sync answers in 800 ms and async in 200 ms; the picker puts a comparison in the link and takes it out', async (page) => {
  await open(page, '?lab=async&mode=sync&order_rate=50&arrivals=steady&vs=sync-async&t=5&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 5');
  expect(await page.locator('.flow.versus canvas').count() === 2, 'not two pictures side by side');
  await waitMetric(page, 'vs_response_p50_ms', 'Math.abs(x - 200) < 4');
  expect(Math.abs(await metric(page, 'response_p50_ms') - 800) < 16, `A's p50 ${await metric(page, 'response_p50_ms')}`);
  // The second run follows the first back through the timeline.
  await page.fill('[data-control=timeline]', '2');
  await page.dispatchEvent('[data-control=timeline]', 'change');
  await waitMetric(page, 'sim_time_s', 'x === 2');
  await waitMetric(page, 'vs_orders_per_s', 'x > 0 && x <= 60');
  await page.screenshot({ path: join(SCREENSHOTS, 'compare-async.png'), fullPage: true });
  // Back-pressure, chosen from the picker: the same arrivals, rejected on one side and dropped on the other.
  await open(page, '?lab=backpressure&producer_rate=2000&consumer_rate=100&workers=4&capacity=50&speed=4');
  await page.selectOption('[data-control=compare]', 'reject-drop-oldest');
  await page.waitForSelector('.flow.versus canvas');
  const search = await page.evaluate(() => location.search);
  expect(/vs=reject-drop-oldest/.test(search) && /policy=reject/.test(search), `the comparison is not in the link: ${search}`);
  await waitMetric(page, 'vs_dropped_total', 'x > 0');
  expect(await metric(page, 'vs_rejected_total') === 0 && Number(await page.textContent('table.versus tbody tr:nth-child(4) td')) > 0, 'A does not reject, or B rejects');
  await phoneFits(page, 'compare-phone.png');
  await page.selectOption('[data-control=compare]', '');
  await page.waitForSelector('.flow:not(.versus) canvas');
  expect(!/vs=/.test(await page.evaluate(() => location.search)), 'the comparison stayed in the link');
});

await check('export CSV, run file and PNG; importing the run file reproduces its state hash; a bad file is refused', async (page) => {
  await open(page, '?lab=backpressure&seed=8&producer_rate=9000&workers=1&policy=drop_oldest&capacity=300&actions=3000w2&t=6&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 6');
  const hash = await hashOf(page);
  const download = async (selector) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return { name: d.suggestedFilename(), path: await d.path() };
  };
  const csv = await download('[data-action=export-csv]');
  const lines = (await readFile(csv.path, 'utf8')).trim().split('\n');
  expect(csv.name.endsWith('.csv') && lines[0].startsWith('t_s,arrived_total,') && lines.length === 8, `CSV ${csv.name}: ${lines.slice(0, 2)} (${lines.length} lines)`);
  const json = await download('[data-action=export-json]');
  const file = JSON.parse(await readFile(json.path, 'utf8'));
  expect(file.format === 'scaling-lab-run' && file.version === 1 && file.lab === 'backpressure' && file.state_hash === hash && file.t_s === 6, `run file: ${JSON.stringify(file)}`);
  const png = await download('[data-action=export-png]');
  const head = (await readFile(png.path)).subarray(1, 4).toString();
  expect(png.name.endsWith('.png') && head === 'PNG', `PNG ${png.name}: ${head}`);
  // The same chart as a vector figure: an SVG with its axis labels and a line per series.
  const svg = await download('[data-action=export-svg]');
  const doc = await readFile(svg.path, 'utf8');
  expect(svg.name.endsWith('.svg') && doc.startsWith('<svg') && /<text[^>]*>\s*now\s*<\/text>/.test(doc) && (doc.match(/<polyline/g) || []).length >= 2, `SVG ${svg.name}: ${doc.slice(0, 200)}`);
  // Import into another run of the lab: it replays, checks the hash and shows the file's run.
  await open(page, '?lab=backpressure&seed=1&speed=4');
  await page.setInputFiles('[data-action=import]', json.path);
  const end = Date.now() + 20000;
  while (await hashOf(page) !== hash && Date.now() < end) await page.waitForTimeout(50);
  expect(await hashOf(page) === hash, `imported run's hash ${await hashOf(page)}, file's ${hash}`);
  expect(await metric(page, 'sim_time_s') === 6, 'the imported run is not at its moment');
  // A truncated file and a hostile one are refused, naming why; the run stays as it was.
  const text = await readFile(json.path, 'utf8');
  for (const [bad, why] of [[text.slice(0, 40), 'not a run file'], [`{"format":"scaling-lab-run","version":9}`, 'newer'], ['{"x":'.repeat(50000), 'nested'], [text.replace(hash, 'ffffffffffffffff'), 'does not arrive']]) {
    await page.setInputFiles('[data-action=import]', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    await page.waitForSelector(`.run-status:text("${why}")`, { timeout: 10000 });
    expect(await hashOf(page) === hash, 'a refused file changed the run');
  }
});

await check('a link with a large t is computed over frames with its progress shown, and the page stays responsive', async (page) => {
  const started = Date.now();
  await open(page, '?lab=backpressure&producer_rate=20000&arrivals=poisson&workers=16&consumer_rate=2000&service=exponential&policy=reject&t=120&paused=1');
  await page.waitForSelector('.runbar .progress:not([hidden])', { timeout: 5000 });
  // While it computes, the page answers input.
  await page.click('#speed');
  await waitMetric(page, 'sim_time_s', 'x === 120', 60000);
  const took = (Date.now() - started) / 1000;
  expect(await page.$('.runbar .progress[hidden]'), 'the progress stayed shown');
  console.log(`     t=120 at the heaviest settings opened in ${took.toFixed(1)} s`);
});

// A seeded sample of mutated links and run files, as the native fuzz tests make them: each
// opens (or is refused with a message) with no error in the page.
await check('a sample of mutated links and run files opens with no page error', async (page) => {
  let seed = 12345;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const chars = 'abc&=_.%0123456789-xyzé€\u0000';
  const mutate = (text, edits) => {
    let t = [...text];
    for (let i = 0; i < edits; i++) {
      const at = rand(t.length + 1), c = chars[rand(chars.length)];
      [() => t.splice(at, 0, c), () => t.splice(at, 1), () => { t[at] = c; }][rand(3)]();
    }
    return t.join('');
  };
  const links = [
    'lab=backpressure&seed=3&workers=1&actions=1500w4_2000p12000_2500o2_3000a1&t=3',
    'lab=event-sourcing&seed=5&command_rate=50&actions=0O0_100D0.200_150W0.50_200X0.100_300r50&v2_at=1&t=2',
  ];
  for (let i = 0; i < 12; i++) {
    const q = mutate(links[i % 2], 1 + rand(6));
    await openAny(page, encodeURI(q).replace(/#/g, '%23'));
  }
  await open(page, '?lab=backpressure&seed=2&t=2&paused=1');
  await waitMetric(page, 'sim_time_s', 'x === 2');
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=export-json]')]);
  const file = await readFile(await d.path(), 'utf8');
  for (let i = 0; i < 8; i++) {
    await page.setInputFiles('[data-action=import]', { name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(mutate(file, 1 + rand(4))) });
    await page.waitForTimeout(300);
  }
});

// Seeded random use of every control a page shows (buttons, sliders, fields with good and bad
// values, choices, the timeline), as a restless learner would: nothing may raise a page error
// or the crash notice. A failure names the page, the seed's action number and the last actions.
await check('random use of every control on every page raises no error and no crash', async (page) => {
  let seed = 2026;
  const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const pages = ['lab=backpressure&vs=reject-drop-oldest', 'lab=event-sourcing&t=5', 'lab=async', 'lab=views',
    'lab=cqrs', 'lab=cqrs&scene=timeline&vs=write-hybrid', 'lab=gateway', 'lab=streams', 'lab=pipeline', ''];
  for (const q of pages) {
    await openAny(page, q);
    const done = [];
    for (let i = 0; i < 25; i++) {
      if (!page.url().startsWith(`${origin}${BASE}`)) await page.goto(`${origin}${BASE}?${q}`);
      done.push(await page.evaluate(([r, r2]) => {
        const usable = (e) => e.offsetParent !== null && !e.disabled && e.type !== 'file' && !e.dataset.action?.startsWith('export');
        const all = [...document.querySelectorAll('button, input, select, textarea')].filter(usable);
        if (!all.length) return 'nothing to use';
        const e = all[Math.floor(r * all.length)];
        const name = `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}`;
        const fire = () => ['input', 'change'].forEach((t) => e.dispatchEvent(new Event(t, { bubbles: true })));
        if (e.tagName === 'SELECT') { e.selectedIndex = Math.floor(r2 * e.options.length); fire(); return `${name}=${e.value}`; }
        if (e.type === 'range') { e.value = String(Number(e.min || 0) + r2 * (Number(e.max || 100) - Number(e.min || 0))); fire(); return `${name}=${e.value}`; }
        if (['number', 'text', 'search'].includes(e.type) || e.tagName === 'TEXTAREA') {
          const bad = ['', 'abc', '-5', '1e308', '99999999999999999999', '0.5', e.min || '0', e.max || '1000'];
          e.value = bad[Math.floor(r2 * bad.length)]; fire();
          e.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
          return `${name}=${e.value}`;
        }
        e.click();
        return `click ${name} ${(e.textContent || '').trim().slice(0, 30)}`;
      }, [rand(), rand()]));
      await page.waitForTimeout(60 + Math.floor(rand() * 150));
      expect(!(await page.$('.notice.crash')), `?${q}: the crash notice after ${done.slice(-4).join(' | ')}`);
    }
  }
});

// Reflow (WCAG 1.4.10): at 320 CSS px, as at 400 % zoom, the page never scrolls sideways; a
// wide table scrolls in its own box.
// On a phone held upright the picture stays pinned while a control below it is moved.
await check('at 390 x 844 the picture stays in view while a slider is moved, in every lab', async (page) => {
  for (const q of ['lab=backpressure', 'lab=event-sourcing', 'lab=async', 'lab=views', 'lab=cqrs', 'lab=cqrs&scene=timeline',
    'lab=gateway', 'lab=streams', 'lab=pipeline']) {
    await openAny(page, q);
    const sliders = page.locator('.controls input[type=range]');
    // The last slider: the furthest down the page, where the picture was furthest away.
    await sliders.last().focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    const [picture, control] = await page.evaluate(() => {
      const box = (el) => { const r = el.getBoundingClientRect(); return [Math.round(r.top), Math.round(r.bottom)]; };
      return [box(document.querySelector('.flow canvas')), box(document.activeElement)];
    });
    expect(picture[0] >= 0 && picture[1] <= 844, `?${q}: the picture is at ${picture} in an 844 px window`);
    expect(control[0] >= picture[1] && control[1] <= 844, `?${q}: the slider is at ${control}, the picture at ${picture}`);
  }
}, { viewport: { width: 390, height: 844 } });

await check('at 1280 x 800 every lab shows its title, picture, key figures, first controls and the guide\'s start without scrolling; the rest under "All figures"', async (page) => {
  for (const q of ['lab=backpressure', 'lab=event-sourcing', 'lab=async', 'lab=views', 'lab=cqrs', 'lab=cqrs&scene=timeline',
    'lab=gateway', 'lab=streams', 'lab=pipeline']) {
    await openAny(page, q);
    await page.waitForTimeout(300);
    const seen = await page.evaluate(() => {
      const box = (sel) => { const el = document.querySelector(sel); if (!el) return null; const r = el.getBoundingClientRect(); return [Math.round(r.top), Math.round(r.bottom)]; };
      const keys = [...document.querySelectorAll('.key-figures [data-metric]')].map((e) => e.dataset.metric);
      const all = [...document.querySelectorAll('.all-figures [data-metric]')].map((e) => e.dataset.metric);
      return { scrolled: window.scrollY, title: box('#lab-title'), picture: box('.flow canvas'), figures: box('.key-figures'),
        control: box('.controls fieldset input, .controls fieldset select'), guide: box('.guide-leave'), keys, all };
    });
    for (const part of ['title', 'picture', 'figures', 'control', 'guide']) {
      const r = seen[part];
      expect(r && r[0] >= 0 && r[1] <= 800, `?${q}: the ${part} is at ${r} in an 800 px window`);
    }
    expect(seen.scrolled === 0, `?${q}: the page opened scrolled to ${seen.scrolled}`);
    expect(seen.keys.length >= 4 && seen.keys.length <= 6, `?${q}: ${seen.keys.length} key figures`);
    expect(seen.all.includes('sim_time_s') && seen.all.length >= 3 && !seen.keys.some((k) => seen.all.includes(k)), `?${q}: all figures ${seen.all}, key ${seen.keys}`);
  }
}, { viewport: { width: 1280, height: 800 } });

await check('at 320 px no page scrolls sideways, comparisons included', async (page) => {
  for (const q of ['', 'lab=backpressure&vs=reject-drop-oldest', 'lab=event-sourcing', 'lab=async&vs=sync-async',
    'lab=views&vs=full-stream', 'lab=cqrs', 'lab=cqrs&scene=timeline&vs=write-hybrid', 'lab=gateway', 'lab=streams',
    'lab=pipeline', 'lab=backpressure&step=3']) {
    await openAny(page, q);
    await page.waitForTimeout(500);
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll <= client, `?${q}: the page is ${scroll} px wide in a ${client} px window`);
  }
}, { viewport: { width: 320, height: 800 } });

// A live region is read out each time its words change: while a lab plays, none may change
// more than once in three seconds (the spoken summary comes every eight).
await check('while a lab plays, its live regions stay calm for screen readers', async (page) => {
  for (const q of ['lab=backpressure&speed=4', 'lab=event-sourcing', 'lab=async', 'lab=views', 'lab=cqrs',
    'lab=cqrs&scene=timeline', 'lab=gateway', 'lab=streams', 'lab=pipeline']) {
    await open(page, `?${q}`);
    await waitMetric(page, 'sim_time_s', 'x > 0.5');
    const busy = await page.evaluate(async () => {
      const live = [...document.querySelectorAll('output, [role=status], [role=log], [role=alert], [aria-live]')]
        .filter((e) => e.getAttribute('aria-live') !== 'off');
      const seen = live.map((e) => e.textContent);
      const changes = live.map(() => 0);
      const t0 = performance.now();
      while (performance.now() - t0 < 3000) {
        await new Promise((r) => requestAnimationFrame(r));
        live.forEach((e, i) => { if (e.textContent !== seen[i]) { seen[i] = e.textContent; changes[i]++; } });
      }
      return live.map((e, i) => changes[i] > 1 && `<${e.tagName.toLowerCase()} class="${e.className}"> ${changes[i]} times, "${e.textContent.slice(0, 40)}"`).filter(Boolean);
    });
    expect(busy.length === 0, `?${q}: live regions read out again and again: ${busy.join(', ')}`);
  }
  // The moment is still there for a screen reader: the timeline's description.
  const described = await page.evaluate(() => document.getElementById(document.querySelector('#timeline').getAttribute('aria-describedby'))?.textContent);
  expect(/^[\d.]+ s of [\d.]+ s run$/.test(described ?? ''), `the timeline's description: ${described}`);
});

await check('bad parameters show a notice naming each, and the lab still runs', async (page) => {
  await open(page, '?policy=yolo&producer_rate=abc&workers=-4&speed=1000&t=1e9');
  const notice = await page.textContent('.notice');
  for (const key of ['policy', 'producer_rate', 'workers', 'speed', 't']) expect(notice.includes(key), `notice does not name ${key}: ${notice}`);
  await waitMetric(page, 'sim_time_s', 'x > 1');
  expect(await page.isChecked('#policy-unbounded'), 'bad policy did not fall back to the default');
});

await check('dark mode and reduced motion render, with the figures still live', async (page) => {
  await open(page, '?policy=drop_oldest&capacity=2000&speed=4');
  await waitMetric(page, 'dropped_rate', 'x > 1000');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg !== 'rgb(255, 255, 255)', `dark mode background is ${bg}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'dark.png') });
}, { colorScheme: 'dark', reducedMotion: 'reduce' });

await check('embedded in a course page, the lab runs and leaves the host page alone', async (page) => {
  await page.goto(`${origin}/courses/week3.html`);
  const frame = page.frameLocator('#lab');
  await frame.locator('[data-metric=sim_time_s]').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => {
    const doc = document.querySelector('#lab').contentDocument;
    return Number(doc?.querySelector('[data-metric=rejected_rate]')?.textContent) > 1000;
  }, null, { timeout: 20000 });
  expect(await frame.locator('header.site').count() === 0, 'site chrome shown inside the iframe');
  await frame.locator('#producer_rate').focus();
  await frame.locator('#producer_rate').press('Home');
  await page.waitForTimeout(500);
  expect(new URL(page.url()).pathname === '/courses/week3.html', `the host page navigated: ${page.url()}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'embedded.png') });
});

await check('a button that turns itself off keeps the keyboard focus (deploy v2, follow the head)', async (page) => {
  await open(page, '?lab=event-sourcing&command_rate=50&offset=5&t=3&paused=1');
  for (const [id, after] of [['deploy_v2', /v2 deployed at/], ['follow', /Follow the head/]]) {
    await page.focus(`#${id}`);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
    const [focused, text, off] = await page.evaluate(() => [document.activeElement?.id, document.activeElement?.textContent, document.activeElement?.getAttribute('aria-disabled')]);
    expect(focused === id && after.test(text) && off === 'true', `#${id} after Enter: focus on #${focused}, "${text}", aria-disabled ${off}`);
  }
});

await check('a course link opens step 3; answer, run, skip, and the reveal shows the engine\'s figures', async (page) => {
  await open(page, '?lab=backpressure&step=3');
  await page.waitForSelector('[data-guide-step="3"]');
  expect(await page.isChecked('#policy-reject'), 'step 3 did not set its configuration');
  expect((await page.textContent('.guide-count')).includes('Step 3 of'), 'no "step k of N"');
  expect(await page.locator('[data-action=preset]').count() === 0, 'the presets stand between the steps and the question');
  await page.click('[data-choice="0"]');
  await waitMetric(page, 'sim_time_s', 'x > 0.5');
  // From the keyboard: the skip button goes, and the focus lands on the reveal it made.
  await page.focus('[data-action=skip]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-reveal]');
  await page.waitForTimeout(100);
  expect(await page.evaluate(() => document.activeElement?.classList.contains('reveal')), 'after skipping, the focus is not on the reveal');
  const reveal = await page.textContent('.reveal');
  expect(reveal.startsWith('Right.'), `reveal: ${reveal}`);
  const refused = Number((await page.textContent('[data-reveal]')).match(/([\d\u202f]+) refused a second/)?.[1].replace(/\u202f/g, ''));
  expect(Math.abs(refused - 5000) < 500, `the reveal's figure is not the engine's: ${reveal}`);
  await waitMetric(page, 'sim_time_s', 'x === 10', 10000).catch(() => { throw new Error('skip did not take the lab to the step\'s moment'); });
  await page.screenshot({ path: join(SCREENSHOTS, 'guide-step.png') });
  // Keys move between steps, and the address follows.
  await page.focus('[data-action=next]');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('[data-guide-step="4"]');
  expect(await page.isChecked('#policy-drop_oldest'), 'step 4 did not set its configuration');
  await page.waitForTimeout(400);
  expect((await page.evaluate(() => location.search)).includes('step=4'), 'the address does not name the step');
  await page.click('[data-action=back]');
  await page.waitForSelector('[data-guide-step="3"]');
  // Copy embed code: the snippet is shown even where the clipboard is refused.
  await page.click('[data-action=copy-embed]');
  const snippet = await page.inputValue('[data-embed-snippet]');
  for (const part of ['<iframe', 'embed=1', 'step=3', 'loading="lazy"', 'title="Scaling Lab: Back-pressure lab"', BASE]) {
    expect(snippet.includes(part), `embed snippet lacks ${part}: ${snippet}`);
  }
  // The embedded step shows the guide with the lab and no site chrome.
  const src = snippet.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
  await page.goto(src);
  await page.waitForSelector('[data-guide-step="3"]', { timeout: 30000 });
  expect(await page.$('header.site') === null, 'site chrome in the embedded step');
});

await check('a challenge passes with a right configuration and fails with a wrong one', async (page) => {
  await open(page, '?lab=backpressure&producer_rate=10000&consumer_rate=5000&workers=1&policy=drop_oldest&capacity=400&paused=1');
  const verdict = '[data-challenge=fresh]';
  await page.click('.challenges > summary');
  expect(await page.getAttribute(verdict, 'data-verdict') === 'pending', 'verdict not pending at first');
  const article = page.locator('.challenge', { has: page.locator(verdict) });
  await article.locator('[data-action=check-challenge]').click();
  await page.waitForSelector(`${verdict}[data-verdict=pass]`, { timeout: 20000 });
  expect((await page.textContent(verdict)).includes('99th-percentile'), 'the verdict does not name the measured figure');
  expect(await page.getAttribute(`${verdict} a`, 'href') !== null, 'no link to the solution');
  await article.locator('button', { hasText: 'Set up the challenge' }).click();
  await page.waitForFunction(() => document.querySelector('#policy-unbounded')?.checked);
  await page.waitForTimeout(400);
  await article.locator('[data-action=check-challenge]').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${verdict}[data-verdict=fail]`, { timeout: 20000 });
  await page.waitForTimeout(100);
  expect(await page.evaluate(() => document.activeElement?.dataset.action) === 'check-challenge', 'after the verdict, the focus is not on its check button');
  // Progress survives a reload through localStorage.
  await page.reload();
  await page.waitForSelector('[data-metric=sim_time_s]');
  await page.click('.challenges > summary');
  expect((await page.textContent('.challenge h3 >> nth=1')).includes('✓'), 'a passed challenge is not remembered');
});

await check('a guide step embedded in a course page: answer and reveal inside the iframe, the host untouched', async (page) => {
  await page.goto(`${origin}/courses/week3-step.html`);
  const frame = page.frameLocator('#lab');
  await frame.locator('[data-guide-step="3"]').waitFor({ timeout: 30000 });
  expect(await frame.locator('header.site').count() === 0, 'site chrome inside the iframe');
  expect(await frame.locator('.guide-leave').count() === 0, 'an embedded step offers to leave the guide');
  await frame.locator('[data-choice="0"]').click();
  await frame.locator('[data-action=skip]').click();
  await frame.locator('[data-reveal]').waitFor();
  expect((await frame.locator('.reveal').textContent()).startsWith('Right.'), 'no reveal in the iframe');
  expect(new URL(page.url()).pathname === '/courses/week3-step.html' && new URL(page.url()).search === '', `the host page changed: ${page.url()}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'embedded-step.png') });
});

await check('with storage refused (private window, sandbox), the guide and challenges work the same', async (page) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('storage is refused here', 'SecurityError'); } });
  });
  await open(page, '?lab=backpressure&producer_rate=10000&consumer_rate=5000&workers=1&policy=drop_oldest&capacity=400&paused=1');
  await page.click('.challenges > summary');
  const article = page.locator('.challenge', { has: page.locator('[data-challenge=fresh]') });
  await article.locator('[data-action=check-challenge]').click();
  await page.waitForSelector('[data-challenge=fresh][data-verdict=pass]', { timeout: 20000 });
  expect((await page.textContent('.challenge h3 >> nth=1')).includes('✓'), 'the pass is not shown for the visit');
  await page.click('[data-action=open-step][data-index="0"]');
  await page.waitForSelector('[data-guide-step="1"]');
});

await check('a preset loads its configuration into the lab and the address', async (page) => {
  await open(page, '?lab=backpressure&policy=block&paused=1');
  await page.click('[data-action=preset][data-index="1"]');
  await page.waitForFunction(() => document.querySelector('#policy-reject')?.checked);
  await page.waitForTimeout(400);
  const search = await page.evaluate(() => location.search);
  expect(search.includes('policy=reject') && search.includes('capacity=10000'), `address: ${search}`);
  await waitMetric(page, 'rejected_rate', 'x > 4000');
  // A preset can set two runs side by side.
  await page.click('[data-action=preset][data-index="2"]');
  await page.waitForSelector('.flow.versus canvas');
  expect((await page.evaluate(() => location.search)).includes('vs=reject-drop-oldest'), 'the side-by-side preset is not in the address');
  await waitMetric(page, 'vs_dropped_total', 'x > 0');
});

for (const [name, viewport, query, bad, guess] of [
  ['desktop', { width: 1280, height: 800 }, '?lab=async&step=4', 'lots', '1,900'],
  ['phone', { width: 390, height: 844 }, '?lab=streams&step=1', '-3', '48000'],
]) await check(`a number prediction (${name}): a bad guess is refused with a reason, a guess runs the step and the reveal grades it against the engine`, async (page) => {
  await open(page, query);
  await page.waitForSelector('[data-guess]');
  expect(await page.locator('[data-choice]').count() === 0, 'a number question shows choices');
  await page.fill('[data-guess]', bad);
  await page.press('[data-guess]', 'Enter');
  await page.waitForSelector('#guess-refused:not(:empty)');
  expect(await page.getAttribute('[data-guess]', 'aria-invalid') === 'true', 'the refused guess is not marked invalid');
  expect(await metric(page, 'sim_time_s') === 0, 'a refused guess started the run');
  await page.fill('[data-guess]', guess);
  expect((await page.textContent('#guess-refused')) === '', 'the refusal stayed after typing again');
  await page.click('[data-action=guess]');
  await waitMetric(page, 'sim_time_s', 'x > 0.5');
  await page.click('[data-action=skip]');
  await page.waitForSelector('[data-metric=guess_error]');
  const error = await metric(page, 'guess_error');
  const reveal = await page.textContent('.reveal');
  expect(Number.isFinite(error) && error < 0.2, `the guess's error is not graded: ${error}`);
  expect(reveal.startsWith('Close.') && reveal.includes('You guessed'), `reveal: ${reveal}`);
  const measured = Number(reveal.match(/the engine measured ([\d\u202f.]+)/)?.[1].replace(/\u202f/g, ''));
  const typed = Number(guess.replace(/,/g, ''));
  expect(Math.abs(Math.abs(typed - measured) / measured - error) < 0.002, `the error ${error} is not |${typed} - ${measured}| / ${measured}`);
  await page.screenshot({ path: join(SCREENSHOTS, `number-step-${name}.png`) });
}, { viewport });

for (const colorScheme of ['light', 'dark']) await check(`no accessibility violations under axe-core (${colorScheme}): tour, guide steps, every lab, a phone`, async (page) => {
  const axe = join(NODE_TOOLS, 'node_modules/axe-core/axe.min.js');
  for (const q of ['', '?lab=backpressure&step=2', '?lab=event-sourcing&step=5', '?lab=event-sourcing&command_rate=400&t=5&paused=1', '?lab=async&step=5', '?lab=async&poison_pct=5&t=20&paused=1', '?lab=views&step=3', '?lab=cqrs&step=4', '?lab=cqrs&scene=timeline&fanout=hybrid&t=3&paused=1', '?lab=cqrs&step=10', '?lab=gateway&slow_b_at=2&slow_b_factor=50&breaker=on&pool=bulkhead&shedding=on&limit=1500&t=8&paused=1', '?lab=gateway&step=6', '?lab=streams&scene=tcp&read_kbps=1&t=4&paused=1', '?lab=streams&mode=demand&t=2&paused=1', '?lab=streams&step=2', '?lab=pipeline&poison_at=1&dlq=off&t=4&paused=1', '?lab=pipeline&arch=simple&step=8', '?lab=cqrs&arch=cqrs&sync_capacity=500&t=5&paused=1', '?lab=views&dataset=linkedin&users=2000&t=5&paused=1', '?lab=views&refresh=stream&cache=on&stale_alert_s=1&order_rate=3000&stream_capacity=1000&t=5&paused=1', '?lab=async&step=3', '?lab=views&vs=full-stream&t=3&paused=1', 'phone', '', '?lab=backpressure&step=2', '?lab=event-sourcing&t=3&paused=1', '?lab=async&t=3&paused=1', '?lab=views&t=3&paused=1', '?lab=cqrs&t=3&paused=1', '?lab=cqrs&scene=timeline&t=3&paused=1', '?lab=gateway&t=3&paused=1', '?lab=streams&t=3&paused=1', '?lab=pipeline&t=3&paused=1', '?lab=views&dataset=linkedin&t=3&paused=1']) {
    // The rest at a phone's width, where the presets are a row that scrolls in its own box.
    if (q === 'phone') { await page.setViewportSize({ width: 390, height: 844 }); continue; }
    await page.goto(`${origin}${BASE}${q}`);
    await page.waitForSelector(q ? '[data-metric=sim_time_s]' : '.tour canvas.miniature', { timeout: 30000 });
    if (q.includes('step=')) {
      // A number question is answered in its field, a choice question by a button.
      if (await page.$('[data-guess]')) {
        await page.fill('[data-guess]', '100');
        await page.click('[data-action=guess]');
      } else await page.click('[data-choice="0"]');
      await page.click('[data-action=skip]');
      await page.waitForSelector('[data-reveal]');
      await page.click('.challenges > summary');
    }
    await page.waitForTimeout(300);
    await page.addScriptTag({ path: axe });
    const found = await page.evaluate(async () => (await window.axe.run(document)).violations
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
    expect(found.length === 0, `${q || 'tour'}: ${found.join(' | ')}`);
  }
}, { bypassCSP: true, colorScheme });

// The course shell: tour, guide steps, challenges, embed code.
await check('the tour opens with no lab, runs its miniatures, and every link in it opens a lab', async (page) => {
  await page.goto(`${origin}${BASE}`);
  await page.waitForSelector('.tour canvas.miniature', { timeout: 30000 });
  expect((await page.$$('.tour-part')).length === 9, 'the tour does not have its nine parts');
  const hrefs = await page.$$eval('.tour-part a', (as) => as.map((a) => a.getAttribute('href')));
  for (const lab of ['backpressure', 'event-sourcing', 'async', 'views', 'cqrs', 'gateway', 'streams', 'pipeline']) {
    expect(hrefs.some((h) => h.startsWith(`?lab=${lab}`)), `the tour does not link the ${lab} lab: ${hrefs}`);
  }
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(SCREENSHOTS, 'tour.png'), fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'tour-phone.png') });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `the tour scrolls sideways on a phone by ${overflow}px`);
  for (const href of hrefs) {
    await open(page, href);
    expect(await page.$('.notice') === null, `${href} opened with a notice`);
  }
});

await check('two labs embedded in a course page size their iframes to their content and post what the learner did', async (page) => {
  await page.goto(`${origin}/courses/week4.html`);
  const frames = { a: page.frameLocator('#a'), b: page.frameLocator('#b') };
  await frames.a.locator('[data-guide-step="3"]').waitFor({ timeout: 30000 });
  await frames.b.locator('[data-metric=sim_time_s]').waitFor({ timeout: 30000 });
  // Each iframe grows to its content: no scroll bar inside.
  const fits = async (id) => {
    const frame = page.frame({ url: new RegExp(id === 'a' ? 'lab=backpressure' : 'lab=async') });
    const content = await frame.evaluate(() => document.documentElement.scrollHeight);
    const box = await page.evaluate((id) => document.getElementById(id).clientHeight, id);
    return [content, box];
  };
  for (const id of ['a', 'b']) {
    let [content, box] = [0, 0];
    for (let i = 0; i < 50; i++) { [content, box] = await fits(id); if (box > 300 && content <= box + 1) break; await page.waitForTimeout(100); }
    expect(box > 300 && content <= box + 1, `iframe ${id}: content ${content} px in a frame of ${box} px`);
  }
  const got = (kind) => page.evaluate((kind) => window.got.filter((m) => m.data?.event?.kind === kind), kind);
  const opened = await got('opened');
  expect(opened.some((m) => m.frame === 'a' && m.data.event.lab === 'backpressure' && m.data.event.step === 3)
    && opened.some((m) => m.frame === 'b' && m.data.event.lab === 'async'), `opened: ${JSON.stringify(opened)}`);
  expect((await page.evaluate(() => window.got)).some((m) => m.data?.subject === 'lti.frameResize'), 'no lti.frameResize message');
  // A step answered, then a challenge checked, in the first lab.
  await frames.a.locator('[data-choice="0"]').click();
  await frames.a.locator('[data-action=skip]').click();
  await frames.a.locator('[data-reveal]').waitFor();
  let answered = [];
  for (let i = 0; i < 50 && !answered.length; i++) { answered = await got('step-answered'); await page.waitForTimeout(100); }
  const a = answered[0]?.data;
  expect(a && a.version === 1 && a.event.step === 3 && a.event.right === true && a.event.answer.choice === 0
    && a.statement.verb.id.endsWith('/answered') && a.statement.result.success === true, `step answered: ${JSON.stringify(a)}`);
  await frames.a.locator('.challenges > summary').click();
  await frames.a.locator('[data-action=check-challenge][data-index="0"]').click();
  let checked = [];
  for (let i = 0; i < 100 && !checked.length; i++) { checked = await got('challenge-checked'); await page.waitForTimeout(100); }
  const c = checked[0]?.data;
  expect(c && c.event.challenge === 'bursts' && c.event.pass === false && c.event.measured.length > 0
    && c.statement.verb.id.endsWith('/failed'), `challenge checked: ${JSON.stringify(c)}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'course-page.png') });
});
