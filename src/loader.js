// Starts the page bundle the link asks for. Each lab ships as its own WebAssembly bundle,
// so opening one lab downloads only that lab; the tour has its own, smaller one. The choice
// follows the link contract: `lab=` names the bundle; a link with back-pressure parameters
// and no known lab opens the back-pressure lab, as links did before the tour; anything else
// opens the tour. `cargo xtask dist` writes the bundle map into the page.
const BACKPRESSURE_KEYS = ['producer_rate', 'arrivals', 'consumer_rate', 'workers', 'service', 'capacity', 'policy', 'memory_mb'];

function fail(message) {
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.className = 'notice';
  p.textContent = `Scaling Lab could not start: ${message}. Reload the page to try again.`;
  document.body.append(p);
}

try {
  const meta = document.querySelector('meta[name="scaling-lab-bundles"]');
  const bundles = JSON.parse(meta?.content || '{}');
  const query = new URLSearchParams(location.search);
  let key = query.get('lab')?.trim();
  if (!key || !Object.hasOwn(bundles, key)) {
    key = BACKPRESSURE_KEYS.some((k) => query.has(k)) ? 'backpressure' : 'tour';
  }
  const bundle = bundles[key];
  if (!bundle) throw new Error(`this build has no bundle for “${key}”`);
  // The WebAssembly (most of the download) is fetched while its glue script loads, not after:
  // on a slow network that saves a round trip and the script's own transfer.
  const urls = { js: new URL(bundle.js, document.baseURI).href, wasm: new URL(bundle.wasm, document.baseURI).href };
  // Where the bundle came from: an experiment's Web Workers start the same one (from the
  // browser's cache). Set before the bundle starts, which reads it.
  window.scalingLab = Object.assign(window.scalingLab ?? {}, { bundle: key, urls });
  const module = fetch(urls.wasm);
  const init = await import(urls.js);
  const wasm = await init.default({ module_or_path: module });
  // For the benchmarks and anyone curious: the module's memory, read-only use, beside the
  // engine timer the page has set (`scalingLab.engine`).
  window.scalingLab.memory = wasm.memory;
} catch (e) {
  fail(e?.message ?? String(e));
}
