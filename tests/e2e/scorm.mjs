// End-to-end checks of the SCORM 1.2 packages (`dist/scorm/`): every manifest lists every
// file of its package as one SCO (the lab at its guide's first step); two labs' packages run in a test LMS (scorm-again's SCORM
// 1.2 run-time on the page around them), report incomplete, then their challenges passed as
// the score, keep the learner's progress in suspend_data and restore it on relaunch, and end
// passed once every challenge is.
import { readFile, writeFile, mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { check, expect, origin, NODE_TOOLS, DIST, join, serveLms } from './harness.mjs';

/** The files of a zip archive, name to bytes (stored or deflated entries). */
function unzip(buf) {
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('a broken central directory');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28), extraLen = buf.readUInt16LE(at + 30), commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    files.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

const KEYS = ['tour', 'backpressure', 'event-sourcing', 'async', 'views', 'cqrs', 'gateway', 'streams', 'pipeline'];
const packages = new Map();

await check('every SCORM package has a SCORM 1.2 manifest: one organisation, one SCO launching its lab embedded, every file listed', async () => {
  const names = await readdir(join(DIST, 'scorm'));
  for (const key of KEYS) {
    const name = `scaling-lab-${key}.zip`;
    expect(names.includes(name), `no ${name} in dist/scorm (${names})`);
    const files = unzip(await readFile(join(DIST, 'scorm', name)));
    packages.set(key, files);
    const manifest = files.get('imsmanifest.xml')?.toString('utf8') ?? '';
    expect(manifest.includes(`<manifest identifier="scaling-lab-${key}"`) && manifest.includes('<schemaversion>1.2</schemaversion>'), `${key}: manifest identifier or schema version`);
    expect((manifest.match(/<organization /g) || []).length === 1 && manifest.includes('<organizations default="scaling-lab">'), `${key}: organisations`);
    const sco = manifest.match(/<resource identifier="sco" type="webcontent" adlcp:scormtype="sco" href="([^"]+)">/);
    const launch = key === 'tour' ? `index.html?lab=tour&amp;embed=1` : `index.html?lab=${key}&amp;embed=1&amp;step=1`;
    expect(sco && sco[1] === launch, `${key}: the SCO resource ${sco?.[1]}`);
    expect(manifest.includes('identifierref="sco"'), `${key}: the item does not point at the SCO`);
    const listed = [...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]);
    const packed = [...files.keys()].filter((f) => f !== 'imsmanifest.xml');
    expect(listed.length === packed.length && packed.every((f) => listed.includes(f)), `${key}: files listed ${listed.length}, packed ${packed.length}`);
    expect(packed.includes('index.html') && packed.some((f) => f.endsWith('.wasm') && f.startsWith(`b/${key}/`)), `${key}: no page or no bundle`);
    if (key !== 'tour') {
      // The catalogue entry: in the package, and beside the site with its oEmbed response.
      const meta = JSON.parse(files.get('metadata.json')?.toString('utf8') ?? '{}');
      const site = JSON.parse(await readFile(join(DIST, 'meta', `${key}.json`), 'utf8'));
      const oembed = JSON.parse(await readFile(join(DIST, 'oembed', `${key}.json`), 'utf8'));
      expect(meta.title?.startsWith('Scaling Lab: ') && meta.learning_objectives?.length >= 6 && meta.language === 'en' && meta.licence === 'MIT', `${key}: metadata ${JSON.stringify(meta).slice(0, 200)}`);
      expect(JSON.stringify(site) === JSON.stringify(meta), `${key}: the package's metadata differs from the site's`);
      expect(oembed.type === 'rich' && oembed.version === '1.0' && oembed.html.includes(`lab=${key}&embed=1`), `${key}: oEmbed ${JSON.stringify(oembed).slice(0, 200)}`);
    }
  }
});

// The LMS: scorm-again's SCORM 1.2 API on the page, and the package's SCO in an iframe.
const LMS_PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Test LMS</title>
<script src="scorm12.min.js"></script>
<script>
window.launch = (src, kept) => {
  window.API = new Scorm12API({ logLevel: 5, autocommit: false });
  if (kept) window.API.loadFromFlattenedJSON(kept);
  const f = document.createElement('iframe');
  f.src = src; f.width = 1200; f.height = 900; f.id = 'sco';
  document.body.append(f);
};
window.close_sco = () => document.getElementById('sco')?.remove();
window.cmi = () => ({ status: API.cmi.core.lesson_status, raw: API.cmi.core.score.raw, max: API.cmi.core.score.max, kept: API.cmi.suspend_data, initialized: API.isInitialized(), terminated: API.isTerminated() });
</script></head><body><h1>Test LMS</h1></body></html>`;

/** Unpacks package `key` under /lms/ with the test LMS beside it. */
async function host(key) {
  const dir = await mkdtemp(join(tmpdir(), 'scorm-'));
  for (const [name, bytes] of packages.get(key)) {
    await mkdir(dirname(join(dir, 'pkg', name)), { recursive: true });
    await writeFile(join(dir, 'pkg', name), bytes);
  }
  await writeFile(join(dir, 'index.html'), LMS_PAGE);
  await writeFile(join(dir, 'scorm12.min.js'), await readFile(join(NODE_TOOLS, 'node_modules/scorm-again/dist/scorm12.min.js')));
  serveLms(dir);
}

/** One session: the SCO opened at `query` (a challenge's solution), challenge `id` checked. */
async function session(page, key, query, id, kept) {
  await page.evaluate(([src, kept]) => window.launch(src, kept), [`pkg/index.html?lab=${key}&embed=1&step=1&${query}`, kept]);
  const sco = page.frameLocator('#sco');
  await sco.locator('[data-metric=sim_time_s]').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => window.API.isInitialized());
  const opened = await page.evaluate(() => window.cmi());
  const alternate = await sco.locator('link[rel=alternate][type="application/json+oembed"]').getAttribute('href');
  expect(alternate === `oembed/${key}.json`, `${key}: the page's oEmbed link is ${alternate}`);
  await sco.locator('.challenges > summary').click();
  const article = sco.locator('.challenge', { has: sco.locator(`[data-challenge=${id}]`) });
  await article.locator('[data-action=check-challenge]').click();
  await sco.locator(`[data-challenge=${id}][data-verdict=pass]`).waitFor({ timeout: 30000 });
  await page.waitForFunction((n) => Number(window.API.cmi.core.score.raw) >= n, opened.raw === '' ? 1 : Number(opened.raw) + 1);
  const checked = await page.evaluate(() => window.cmi());
  await page.evaluate(() => window.close_sco());
  await page.waitForFunction(() => window.API.isTerminated());
  return { opened, checked, closed: await page.evaluate(() => window.cmi()), shown: null };
}

for (const [key, solutions] of [
  ['backpressure', [
    ['bursts', 'producer_rate=10000&arrivals=burst&consumer_rate=5000&workers=3&policy=reject&capacity=10000'],
    ['fresh', 'producer_rate=10000&consumer_rate=5000&workers=1&policy=drop_oldest&capacity=400'],
    ['scale', 'producer_rate=18000&arrivals=poisson&consumer_rate=5000&workers=5&service=exponential&policy=reject&capacity=10000'],
  ]],
  ['gateway', [
    ['noisy-neighbour', 'rate_a=1000&rate_b=1000&rate_c=8000&rate_d=500&limit=1100'],
    ['slow-dependency', 'slow_b_at=5&slow_b_factor=50&pool=bulkhead&breaker=on'],
  ]],
]) {
  await check(`${key}'s SCORM package in a test LMS: incomplete, then each challenge passed raises the score, progress is kept and restored on relaunch, passed when all are`, async (page) => {
    await host(key);
    await page.goto(`${origin}/lms/index.html`);
    let kept = null;
    for (const [i, [id, query]] of solutions.entries()) {
      const s = await session(page, key, query, id, kept);
      expect(s.opened.initialized && s.opened.status === 'incomplete', `${key} session ${i + 1}: opened ${JSON.stringify(s.opened)}`);
      expect(Number(s.opened.raw || 0) === i, `${key} session ${i + 1}: the relaunch did not restore ${i} passed (${JSON.stringify(s.opened)})`);
      expect(Number(s.checked.raw) === i + 1 && s.checked.kept.length > 0, `${key} session ${i + 1}: after the check ${JSON.stringify(s.checked)}`);
      expect(s.closed.terminated, `${key} session ${i + 1}: the SCO did not finish`);
      kept = { 'cmi.suspend_data': s.closed.kept, 'cmi.core.lesson_status': s.closed.status, 'cmi.core.score.raw': s.closed.raw, 'cmi.core.score.max': s.closed.max, 'cmi.core.entry': 'resume' };
    }
    const total = Number(kept['cmi.core.score.max']);
    if (solutions.length === total) {
      expect(kept['cmi.core.lesson_status'] === 'passed', `${key}: every challenge passed, status ${kept['cmi.core.lesson_status']}`);
    } else {
      expect(kept['cmi.core.lesson_status'] === 'incomplete', `${key}: ${solutions.length} of ${total} passed, status ${kept['cmi.core.lesson_status']}`);
    }
  });
}
