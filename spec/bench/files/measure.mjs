// Memory of large uploads and downloads: `npm run bench:files [-- --download-mb 1024 --upload-mb 20 --runs 3]`.
// A measurement, not a test: it prints figures and asserts nothing. Each transfer runs in a fresh process against
// the simulator in another one, next to a hand-written undici + node:crypto baseline measured in the same run.
// Flat memory shows as the same peak for a small and a large file.
import { execFileSync, fork } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'download-mb': { type: 'string', default: '1024' },
    'upload-mb': { type: 'string', default: '24' },
    runs: { type: 'string', default: '3' },
  },
});
const dir = mkdtempSync(join(tmpdir(), 'wechatpay-bench-files-'));
const MB = 1024 * 1024;

function makeFile(name, megabytes) {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(MB);
  for (let i = 0; i < megabytes; i += 1) writeSync(fd, randomFillSync(chunk));
  closeSync(fd);
  return path;
}

const simulator = fork(new URL('./simulator-child.mjs', import.meta.url));
const ask = (message, key) =>
  new Promise((resolve) => {
    const listener = (reply) => {
      if (key in reply) {
        simulator.off('message', listener);
        resolve(reply[key]);
      }
    };
    simulator.on('message', listener);
    if (message) simulator.send(message);
  });
const config = await ask(undefined, 'config');

function measure(variant, args) {
  const out = execFileSync(process.execPath, [new URL('./variant.mjs', import.meta.url).pathname, variant, JSON.stringify({ config, ...args })], {
    encoding: 'utf8',
    maxBuffer: MB,
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

const runs = Number(values.runs);
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const rows = [];
function series(label, variants, args) {
  const results = Object.fromEntries(variants.map((variant) => [variant, []]));
  // Interleaved, so that a slow moment of the machine hits every variant alike.
  for (let run = 0; run < runs; run += 1) for (const variant of variants) results[variant].push(measure(variant, args()));
  const base = results[variants[0]];
  const baseGrowth = median(base.map((r) => r.rssPeak - r.rssBefore));
  for (const variant of variants) {
    const growth = median(results[variant].map((r) => r.rssPeak - r.rssBefore));
    const ms = median(results[variant].map((r) => r.ms));
    rows.push({
      transfer: label,
      variant,
      'peak RSS growth (MB)': (growth / MB).toFixed(1),
      'vs baseline': (growth / baseGrowth).toFixed(2),
      'ms (median)': ms.toFixed(0),
      'time vs baseline': (ms / median(base.map((r) => r.ms))).toFixed(2),
    });
  }
}

try {
  for (const megabytes of [64, Number(values['download-mb'])]) {
    const file = makeFile(`bill-${megabytes}.bin`, megabytes);
    const served = await ask({ serve: file }, 'served');
    // A fresh token per run: a download token may be single-use.
    series(`download ${megabytes} MB`, ['download-baseline', 'download-async', 'download-sync', 'download-buffered'], () => ({
      served,
      to: join(dir, 'out.bin'),
    }));
    rmSync(file);
  }
  // The simulator takes bodies up to 32 MiB; undici's buffers and the garbage collector's lag make a plateau of
  // about 35 MB that a file of any size reaches, so flat shows as the same peak for 2 MB and 24 MB.
  for (const megabytes of [2, Number(values['upload-mb'])]) {
    const file = makeFile(`video-${megabytes}.mp4`, megabytes);
    series(`upload ${megabytes} MB`, ['upload-baseline', 'upload-async', 'upload-sync', 'upload-buffered'], () => ({ file }));
  }
  console.table(rows);
} finally {
  simulator.send('close');
  rmSync(dir, { recursive: true, force: true });
}
