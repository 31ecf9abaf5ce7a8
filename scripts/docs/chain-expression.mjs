/**
 * How a path is written in the chain style. The model (scripts/catalog/model.mjs) lists, per segment, the property
 * names that lib/chain/segment.ts turns into it; the example uses the first that is a plain identifier
 * (`smartretailOrders`, `_out_order_no_`). A segment no identifier produces (capitals in the path, a trailing `/`)
 * is written as `.chain('…')` or a bracketed key holding `/`, which keep segments as written.
 */

/** Names the chain keeps for itself (create-chain.ts): never segments, whatever the model says. */
const NOT_SEGMENTS = new Set([
  'then',
  'catch',
  'finally',
  'constructor',
  'prototype',
  '__proto__',
  'toJSON',
  'toString',
  'valueOf',
  'inspect',
  'chain',
  'getDriver',
]);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The property for one `{ segment, properties }` of the model, or undefined. */
export function segmentProperty({ properties }) {
  return properties.find((name) => IDENTIFIER.test(name) && !NOT_SEGMENTS.has(name));
}

/** `v3.payscore.smartretailOrders._out_order_no_.complete` (without `instance.`). */
export function chainExpression(chain) {
  // A path that ends in `/` ends in an empty segment: a bracketed key holding `/` keeps it (`['applyments/']`).
  if (chain.length > 1 && chain.at(-1).segment === '') {
    const head = chain.slice(0, -2);
    return `${head.length ? chainExpression(head) : ''}[${quote(`${chain.at(-2).segment}/`)}]`;
  }
  return chain
    .map((part) => {
      const property = segmentProperty(part);
      return property ? `.${property}` : `.chain(${quote(part.segment)})`;
    })
    .join('')
    .slice(1);
}

/** A single-quoted TypeScript string literal. */
export function quote(text) {
  return `'${String(text).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
