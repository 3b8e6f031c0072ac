// End-to-end checks of steps that course authors write: author mode makes a choice step and a
// number step, refuses a rule its run does not satisfy, and a fresh page opening the link runs
// the step with the engine's figures; the example course file opens over two labs; a bad
// course is named and the lab's own guide shows.
// Run through run.mjs, which serves dist/ and reports.
import { check, open, expect, origin, BASE, SCREENSHOTS, join } from './harness.mjs';

const LAB = '?lab=backpressure&seed=2&producer_rate=12000&consumer_rate=10000&policy=reject&capacity=1000&t=10&paused=1&author=1';

/** Waits until the author's form has measured the lab, and returns what it says of the rule. */
async function figureText(page) {
  await page.waitForFunction(() => !document.querySelector('[data-author-figure]').textContent.startsWith('Measuring'));
  return page.textContent('[data-author-figure]');
}

/** Fills the fields of a step common to both kinds. */
async function fillStep(page, title) {
  await page.fill('[data-author=title]', title);
  await page.fill('[data-author=setting]', 'Twelve thousand a second into ten thousand.');
  await page.fill('[data-author=explain]', 'A bounded queue refuses what it cannot hold.');
}

/** Opens `link` in a fresh page and returns it at its first step. */
async function openLink(page, link) {
  expect(link.startsWith(`${origin}${BASE}`), `the link leaves the site: ${link}`);
  await page.goto(link);
  await page.waitForSelector('[data-authored]', { timeout: 30000 });
  await page.waitForSelector('[data-guide-step="1"] h3');
}

await check('author mode: a choice step, refused while its rule fails, then linked and run by a fresh page', async (page) => {
  await open(page, LAB);
  await page.waitForSelector('[data-author=title]');
  await page.click('[data-action=author-measure]');
  await fillStep(page, 'Where does the surplus go? <b>bold</b>');
  await page.fill('[data-author=question]', 'After ten seconds, what has the queue done with the surplus?');
  const choices = page.locator('[data-author=choice]');
  await choices.nth(0).fill('Refused it at the limit');
  await choices.nth(1).fill('Kept all of it');
  // A rule the run does not satisfy for the marked answer is refused, with the figures.
  await page.fill('[data-author=rule]', 'rejected_total == 0');
  expect((await figureText(page)).includes('does not hold'), `figure: ${await figureText(page)}`);
  await page.click('[data-action=author-link]');
  const refused = await page.textContent('[data-author-refused]');
  expect(refused.includes('does not hold') && refused.includes('rejected_total'), `refusal: ${refused}`);
  // An unknown figure is named as the author types.
  await page.fill('[data-author=rule]', 'depht > 3');
  expect((await figureText(page)).includes('“depht”'), `figure: ${await figureText(page)}`);
  await page.fill('[data-author=rule]', 'queue_depth <= 1000 and rejected_total > 0');
  const shown = await figureText(page);
  expect(shown.includes('the rule holds') && shown.includes('queue_depth'), `figure: ${shown}`);
  await page.click('[data-action=author-link]');
  const link = await page.inputValue('[data-author-link]');
  const snippet = await page.inputValue('[data-author-snippet]');
  expect(snippet.startsWith('<iframe') && snippet.includes('embed=1'), `snippet: ${snippet}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'author.png') });

  await openLink(page, link);
  // The author's markup is text.
  const title = await page.textContent('[data-guide-step="1"] h3');
  expect(title.includes('<b>bold</b>') && !(await page.$('.guide-step h3 b')), `title: ${title}`);
  await page.click('[data-choice="0"]');
  await page.click('[data-action=skip]');
  await page.waitForSelector('.reveal');
  const reveal = await page.textContent('.reveal');
  expect(reveal.startsWith('Right.'), `reveal: ${reveal}`);
  // The reveal's figures are those the author's form measured.
  const figures = shown.split(' at ')[0];
  expect((await page.textContent('[data-reveal]')).includes(figures), `reveal ${await page.textContent('[data-reveal]')} vs the form's ${figures}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'authored-step.png') });
});

await check('author mode: a number step is graded against the engine\'s figure', async (page) => {
  await open(page, LAB.replace('policy=reject&capacity=1000', 'policy=unbounded'));
  await page.waitForSelector('[data-author=title]');
  await page.click('[data-action=author-measure]');
  await fillStep(page, 'How deep?');
  await page.fill('[data-author=question]', 'How many messages wait after ten seconds?');
  await page.selectOption('#author-kind', 'number');
  await page.fill('[data-author=unit]', 'messages');
  await page.fill('[data-author=rule]', 'queue_depth');
  const shown = await figureText(page);
  const depth = Number(shown.match(/queue_depth\): (\d+)/)?.[1]);
  expect(depth > 10000, `figure: ${shown}`);
  await page.click('[data-action=author-link]');
  const link = await page.inputValue('[data-author-link]');

  await openLink(page, link);
  await page.fill('[data-guess]', String(depth));
  await page.click('[data-action=guess]');
  await page.click('[data-action=skip]');
  await page.waitForSelector('[data-metric=guess_error]');
  expect(Number(await page.textContent('[data-metric=guess_error]')) === 0, `error ${await page.textContent('[data-metric=guess_error]')} for the engine's own figure`);
  expect((await page.textContent('.reveal')).startsWith('Close.'), await page.textContent('.reveal'));
});

await check('the example course file opens over two labs, with a challenge the engine checks', async (page) => {
  await page.goto(`${origin}${BASE}?lab=backpressure&course=courses/example.json&step=1`);
  await page.waitForSelector('[data-authored]', { timeout: 30000 });
  expect((await page.textContent('.guide-count')).includes('of 2'), await page.textContent('.guide-count'));
  const elsewhere = await page.getAttribute('.course-elsewhere a', 'href');
  expect(elsewhere.includes('lab=gateway') && elsewhere.includes('course=courses'), `elsewhere: ${elsewhere}`);
  await page.click('[data-choice="0"]');
  await page.click('[data-action=skip]');
  expect((await page.textContent('.reveal')).startsWith('Right.'), await page.textContent('.reveal'));
  // The challenge: the step's settings fail it; two workers pass it.
  await page.click('.challenges summary');
  await page.click('[data-action=check-challenge][data-index="0"]');
  await page.waitForSelector('[data-challenge=keep-every-message][data-verdict=fail]');
  await page.goto(`${origin}${BASE}?lab=backpressure&course=courses/example.json&producer_rate=12000&consumer_rate=10000&workers=2`);
  await page.waitForSelector('[data-authored]', { timeout: 30000 });
  await page.click('.challenges summary');
  await page.click('[data-action=check-challenge][data-index="0"]');
  await page.waitForSelector('[data-challenge=keep-every-message][data-verdict=pass]');
  // The gateway's part of the course.
  await page.goto(new URL(elsewhere, page.url()).href);
  await page.waitForSelector('[data-authored]', { timeout: 30000 });
  await page.click('[data-choice="1"]');
  await page.click('[data-action=skip]');
  expect((await page.textContent('.reveal')).startsWith('Right.'), await page.textContent('.reveal'));
});

await check('a course with a bad rule is named, and the lab opens with its own guide', async (page) => {
  const course = { format: 1, title: 'Bad', steps: [{ title: 'x', setup: '', setting: '', run_s: 5, question: 'q', choices: ['a', 'b'], answer: 0, rule: 'nope > 1', explain: '' }] };
  await open(page, `?lab=gateway&step=1&authored=${encodeURIComponent(JSON.stringify(course))}`);
  const failed = await page.textContent('[data-course-failed]');
  expect(failed.includes('could not be used'), failed);
  expect((await page.textContent('.course-problems')).includes('“nope”'), await page.textContent('.course-problems'));
  expect(await page.locator('.guide-dots li').count() >= 6, 'the lab\'s own guide is not shown');
  await open(page, `?lab=gateway&course=../secret.json`);
  expect(await page.$('[data-notice=course]'), 'a course path outside the site is not named');
});
