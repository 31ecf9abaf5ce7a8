import fc from 'fast-check';

/** Segments of real endpoints, in key form (`outTradeNo`) and path form, and the `{id}` placeholder in both. */
const PLAIN = [
  'v3',
  'pay',
  'transactions',
  'jsapi',
  'outTradeNo',
  'out-trade-no',
  'billdownload',
  'file',
  'merchant-service',
  'images',
  'upload',
  'certificates',
  'refund',
  'domestic',
  'v2',
  'Bill',
  '_id_',
  '{id}',
];

/**
 * Segments that try to leave the base: schemes, authorities, backslashes, dot segments plain and percent-encoded,
 * query and fragment markers. `host` is where a hijacked request would go.
 */
function hostile(host: string): string[] {
  return [
    'http:',
    'https:',
    'HTTP:',
    'HtTpS:',
    `http://${host}`,
    `HTTP://${host}`,
    `https://${host}/x`,
    `//${host}`,
    `\\\\${host}`,
    `\\${host}`,
    `/\\${host}`,
    `\\/${host}`,
    `@${host}`,
    `user:pass@${host}`,
    `${host}:443`,
    '',
    '..',
    '.',
    '%2e%2e',
    '%2E%2E',
    '.%2E',
    '%2e.',
    '..%2f',
    '..%2F',
    '%2e%2e%2f',
    '..\\',
    '\\..',
    '\\',
    '%5c..',
    '%2f',
    '?x=1',
    '#frag',
    ' ',
    'file:',
    'javascript:',
    'ws:',
    '．．',
    '%00',
    '..;',
    'a/../..',
    './.',
    '...',
  ];
}

/** Characters that combine into schemes, authorities and encoded dots. */
const PIECES = fc.constantFrom(
  '.',
  '/',
  '\\',
  ':',
  '%',
  '2',
  'e',
  'E',
  'f',
  'F',
  '5',
  'c',
  'h',
  't',
  'p',
  's',
  'x',
  '@',
  '?',
  '#',
  ' ',
  '_',
  'H',
  'T',
  'P',
);

/**
 * One segment or key: mostly real ones, often hostile, and (unless `random` is false: a synchronous call to a
 * random host name would wait on DNS) random ones.
 */
export function segmentArb(host: string, random = true): fc.Arbitrary<string> {
  const known = [
    { weight: 5, arbitrary: fc.constantFrom(...PLAIN) },
    { weight: 4, arbitrary: fc.constantFrom(...hostile(host)) },
  ];
  if (!random) return fc.oneof(...known);
  return fc.oneof(
    ...known,
    { weight: 2, arbitrary: fc.string({ unit: PIECES, minLength: 1, maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }) },
  );
}

/** How a chain is built: a `chain()` path, property keys, or a mix of both. */
export type ChainBuild =
  | { mode: 'chain'; path: string }
  | { mode: 'keys'; keys: string[] }
  | { mode: 'mixed'; before: string[]; path: string; after: string[] };

/** Keys a chain node does not turn into segments (probes such as `then`, and the root's own members). */
const NOT_KEYS = new Set([
  'then',
  'catch',
  'finally',
  'constructor',
  'prototype',
  '__proto__',
  'toJSON',
  'toString',
  'valueOf',
  'toLocaleString',
  'inspect',
  'asymmetricMatch',
  '$$typeof',
  'nodeType',
  '_isMockFunction',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'chain',
  'getDriver',
  '@@__IMMUTABLE_ITERABLE__@@',
  '@@__IMMUTABLE_RECORD__@@',
]);

export function chainBuildArb(host: string, random = true): fc.Arbitrary<ChainBuild> {
  const segment = segmentArb(host, random);
  const key = segment.filter((name) => !NOT_KEYS.has(name));
  const path = fc
    .tuple(fc.constantFrom('', '', '/', '//', '\\'), fc.array(segment, { minLength: 1, maxLength: 6 }))
    .map(([lead, parts]) => lead + parts.join('/'));
  return fc.oneof(
    fc.record({ mode: fc.constant('chain' as const), path }),
    fc.record({ mode: fc.constant('keys' as const), keys: fc.array(key, { minLength: 1, maxLength: 6 }) }),
    fc.record({ mode: fc.constant('mixed' as const), before: fc.array(key, { maxLength: 3 }), path, after: fc.array(key, { maxLength: 3 }) }),
  );
}

type Node = Record<string, unknown> & { chain(path: string): Node };

/** Follows a build from the root to a node (a property access per key, a `chain()` call per path). */
export function follow(root: unknown, build: ChainBuild): Node {
  let node = root as Node;
  const keys = (list: string[]) => {
    for (const name of list) node = node[name] as Node;
  };
  if (build.mode === 'chain') node = node.chain(build.path);
  else if (build.mode === 'keys') keys(build.keys);
  else {
    keys(build.before);
    node = node.chain(build.path);
    keys(build.after);
  }
  return node;
}

/** Everything the build names, to see which placeholders it may hold. */
export function spelled(build: ChainBuild): string {
  return build.mode === 'chain' ? build.path : build.mode === 'keys' ? build.keys.join('/') : [...build.before, build.path, ...build.after].join('/');
}

/** The placeholder options of a build: `{id}` or `_id_` filled with a harmless value. */
export function placeholderOptions(build: ChainBuild): Record<string, string> {
  return /_id_|\{id\}/.test(spelled(build)) ? { id: 'A1' } : {};
}
