// Memory and handles of the process under test, sampled through the run, and the rule that they stay flat.

/** One sample: after a full collection when `--expose-gc` is on, so that heap figures are what is retained. */
export function sample(done) {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  const kinds = {};
  for (const kind of process.getActiveResourcesInfo()) kinds[kind] = (kinds[kind] ?? 0) + 1;
  const handles = Object.values(kinds).reduce((sum, count) => sum + count, 0);
  return { at: performance.now(), done, rss, heapUsed, handles, kinds };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * Compares the first and the last tenth of the samples taken after warm-up (the first `warmup` calls): the medians of
 * heap, RSS and handles must not grow past the allowance. Returns the figures and the broken rules.
 */
export function flatness(samples, warmup) {
  const steady = samples.filter((entry) => entry.done >= warmup);
  const tenth = Math.max(1, Math.floor(steady.length / 10));
  const first = steady.slice(0, tenth);
  const last = steady.slice(-tenth);
  const figure = (key) => ({ first: median(first.map((entry) => entry[key])), last: median(last.map((entry) => entry[key])) });
  const heap = figure('heapUsed');
  const rss = figure('rss');
  const handles = figure('handles');
  const broken = [];
  const MiB = 1024 * 1024;
  if (steady.length < 4) broken.push(`too few samples after warm-up (${steady.length}) to judge memory and handles: run more calls`);
  // Allowances from clean runs (heap +1 MiB, RSS +10 to 15 MiB over 10,000 calls) with room for noise; a leak of 4 kB
  // a call (40 MB over the run) breaks the heap rule.
  if (heap.last > heap.first * 1.1 + 4 * MiB) broken.push(`heap grew from ${mib(heap.first)} to ${mib(heap.last)}`);
  if (rss.last > rss.first * 1.2 + 16 * MiB) broken.push(`RSS grew from ${mib(rss.first)} to ${mib(rss.last)}`);
  if (handles.last > Math.max(handles.first * 1.2, handles.first + 8)) broken.push(`handles grew from ${handles.first} to ${handles.last}`);
  return { samples: steady.length, perTenth: tenth, heap, rss, handles, broken };
}

export const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
