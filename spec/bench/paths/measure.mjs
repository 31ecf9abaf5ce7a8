// What the catalog safety net costs: `npm run build && node spec/bench/paths/measure.mjs`. A measurement, not a
// test: it prints figures and asserts nothing. Each import is timed in a fresh process (the median of a few).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../../../scripts/bundle.mjs';

const root = new URL('../../../', import.meta.url);
const dist = new URL('dist/', root);
// dist/ bundles the modules into chunks: the three timed alone are built here each as one file of its own.
const alone = new URL('node_modules/.cache/wechatpay-ts/paths-bench/', root);
await build({
  ...BUNDLE_OPTIONS,
  splitting: false,
  absWorkingDir: fileURLToPath(root),
  entryPoints: ['chain/catalog-paths', 'chain/catalog-match', 'errors/wechatpay-error'].map((name) => ({ in: `lib/${name}.ts`, out: name })),
  outdir: fileURLToPath(alone),
});
const RUNS = 7;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Milliseconds for `code` in a fresh process, which prints its own figure. */
function fresh(code) {
  return median(
    Array.from({ length: RUNS }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }))),
  );
}

const paths = new URL('chain/catalog-paths.js', alone);
const match = new URL('chain/catalog-match.js', alone);
const index = new URL('index.js', dist);
console.log(`catalog-paths.js: ${statSync(paths).size} bytes`);
const small = new URL('errors/wechatpay-error.js', alone);
console.log(
  `import a one-class module (the loader's own cost, for scale): ${fresh(`const t = performance.now(); await import(${JSON.stringify(small.href)}); console.log(performance.now() - t);`).toFixed(2)} ms`,
);
console.log(
  `import catalog-paths.js alone: ${fresh(`const t = performance.now(); await import(${JSON.stringify(paths.href)}); console.log(performance.now() - t);`).toFixed(2)} ms`,
);
console.log(
  `import the whole package (for scale): ${fresh(`const t = performance.now(); await import(${JSON.stringify(index.href)}); console.log(performance.now() - t);`).toFixed(2)} ms`,
);
console.log(
  `first check (decodes the list, builds the tree): ${fresh(`const { checkCatalog } = await import(${JSON.stringify(match.href)}); const t = performance.now(); checkCatalog(['v3', 'pay', 'transactions', 'jsapi']); console.log(performance.now() - t);`).toFixed(2)} ms`,
);

// The same first check warm (the module imported afresh each time, the code already compiled): the decoding itself.
const firsts = [];
for (let i = 0; i < 30; i++) {
  const fresh = await import(`${match.href}?run=${i}`);
  const t = performance.now();
  fresh.checkCatalog(['v3', 'pay', 'transactions', 'jsapi']);
  firsts.push(performance.now() - t);
}
console.log(`first check, warm: ${median(firsts).toFixed(2)} ms (fastest ${Math.min(...firsts).toFixed(2)} ms)`);

const { checkCatalog } = await import(match.href);
checkCatalog(['v3']);

function perCall(label, count, make) {
  const inputs = Array.from({ length: count }, (_, i) => make(i));
  const start = performance.now();
  for (const segments of inputs) {
    try {
      checkCatalog(segments);
    } catch {
      // a refusal is a result too
    }
  }
  console.log(`${label}: ${(((performance.now() - start) / count) * 1000).toFixed(2)} µs per path`);
}

// Each path new (nothing memoised), then the same path again (memoised).
perCall('known path, structural match (a new id each time)', 20_000, (i) => ['v3', 'pay', 'transactions', 'out-trade-no', `N${i}`]);
perCall('known path, memoised', 200_000, () => ['v3', 'pay', 'transactions', 'jsapi']);
perCall('unknown path near nothing (a new one each time)', 2_000, (i) => ['v3', `brand-new-${i}`, 'things', 'x']);
perCall('misspelt path, suggestion computed (a new one each time)', 2_000, (i) => ['v3', 'payscore', 'smartretailOrdrs', `{id${i}}`, 'complete']);

// Through the chain: a verb node checks its path once, so a repeated call pays only a flag.
const { Builder } = await import(index.href);
const { generateKeyPairSync } = await import('node:crypto');
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const refused = {
  name: 'none',
  send: async () => {
    throw new Error('not sent');
  },
  close: async () => {},
};
const instance = Builder.factory({ mchid: '1900000001', serial: 'X', privateKey, certs: { PUB_KEY_ID_0: publicKey }, transport: refused });
const node = instance.v3.pay.transactions['out-trade-no/N1'];
const calls = 2_000;
const start = performance.now();
for (let i = 0; i < calls; i++) await node.getAsync({ query: { mchid: '1' } }).catch(() => undefined);
console.log(`a chain call (signing included, transport refusing): ${(((performance.now() - start) / calls) * 1000).toFixed(1)} µs`);
