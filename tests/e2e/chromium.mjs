// Headless Chromium as every browser script here starts it: Debian's build (the path in
// CHROMIUM), driven by playwright-core from NODE_TOOLS, with the flags this machine's closed
// network needs (no background connections, no QUIC).
import { createRequire } from 'node:module';
import { join } from 'node:path';

const { CHROMIUM, NODE_TOOLS } = process.env;
const require = createRequire(join(NODE_TOOLS, 'package.json'));
export const { chromium } = require('playwright-core');

/** Starts the browser. */
export const launch = () => chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
