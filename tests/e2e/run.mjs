// End-to-end check of the built site, run by `cargo xtask test` (which sets DIST, CHROMIUM,
// NODE_TOOLS and SCREENSHOTS): the harness serves dist/ and starts Chromium; the site's own
// checks, then one file per lab, then the SCORM packages in a test LMS, drive it; screenshots go
// to SCREENSHOTS.
import { finish } from './harness.mjs';

// E2E_FILES=shell,views runs only those files (a quicker loop while working on one lab).
const only = process.env.E2E_FILES?.split(',');
const files = ['shell', 'backpressure', 'event-sourcing', 'async', 'views', 'cqrs', 'gateway', 'streams', 'pipeline', 'author', 'experiment', 'scorm'];
for (const f of files.filter((f) => !only || only.includes(f))) await import(`./${f}.mjs`);

await finish();
