/**
 * How a catalog path is written in each call style. The chain style must produce exactly the segments that
 * lib/chain/segment.ts makes of it (a leading capital lowered, every other capital X → `-x`, `_name_` → `{name}`);
 * a segment no property can produce (capitals in the path, names the chain keeps for itself) is written with
 * `.chain('…')`, which keeps segments as written.
 */

/** Property names the chain never turns into segments (see create-chain.ts and the chain guide). */
const NOT_SEGMENTS = new Set([
  'then', 'catch', 'finally', 'constructor', 'prototype', '__proto__', 'toJSON', 'toString', 'valueOf',
  'toLocaleString', 'inspect', 'asymmetricMatch', '$$typeof', 'nodeType', '_isMockFunction', 'hasOwnProperty',
  'isPrototypeOf', 'propertyIsEnumerable', 'chain', 'getDriver',
]);

/** The same rule as normalizeSegment in lib/chain/segment.ts. */
export function normalizeSegment(key) {
  const kebab = key.replace(/^[A-Z]/, (c) => c.toLowerCase()).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return kebab.replace(/^_(.+)_$/, '{$1}');
}

/** The property for a segment, or undefined when no property produces it. */
export function segmentProperty(segment) {
  const placeholder = /^\{(.+)\}$/.exec(segment);
  const property = placeholder ? `_${placeholder[1]}_` : segment.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
  if (!/^[A-Za-z_$][\w$]*$/.test(property) || NOT_SEGMENTS.has(property)) return undefined;
  return normalizeSegment(property) === segment ? property : undefined;
}

/** `v3.payscore.smartretailOrders._out_order_no_.complete` (without `instance.`), `.chain('…')` where needed. */
export function chainExpression(segments) {
  // A path that ends in `/` ends in an empty segment: a bracketed key holding `/` keeps it (`['applyments/']`).
  if (segments.at(-1) === '' && segments.length > 1) {
    const head = segments.slice(0, -2);
    return `${head.length ? chainExpression(head) : ''}[${quote(`${segments.at(-2)}/`)}]`;
  }
  return segments.map((segment) => {
    const property = segmentProperty(segment);
    return property ? `.${property}` : `.chain(${quote(segment)})`;
  }).join('').slice(1);
}

/** A single-quoted TypeScript string literal. */
export function quote(text) {
  return `'${String(text).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
