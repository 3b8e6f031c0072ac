// A Web Worker for experiments: it starts the lab's own bundle (already in the browser's
// cache), which, finding no window, answers experiment jobs instead of drawing a page
// (src/shell/worker.rs). The page's first message names the bundle; the bundle says "ready".
self.onmessage = async (e) => {
  self.onmessage = null;
  try {
    const glue = await import(e.data.js);
    await glue.default({ module_or_path: e.data.wasm });
  } catch (err) {
    self.postMessage(JSON.stringify({ point: 0, seed: 0, values: { Err: `the experiment's worker could not start: ${err?.message ?? err}` } }));
  }
};
