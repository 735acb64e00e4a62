// Loaded into the soak's server process with `--expose-gc --import` (test instrumentation,
// not part of the product): every SOAK_PROBE_MS a full collection, then one line of memory
// figures on stderr — the live heap after GC is what a leak would grow.
const every = Number(process.env.SOAK_PROBE_MS ?? 5000);
setInterval(() => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  process.stderr.write(`memprobe ${JSON.stringify({ t: Date.now(), rss: m.rss, heap: m.heapUsed, external: m.external })}\n`);
}, every).unref();
