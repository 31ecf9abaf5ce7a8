/**
 * A copy of `root` with the value at each trail replaced, sharing everything it does not change: the
 * caller's objects are never modified. Only plain objects and arrays lie on a trail (see `locateFields`).
 */
export function replaceValues(root: unknown, replacements: ReadonlyArray<{ trail: ReadonlyArray<string | number>; value: string }>): unknown {
  let result = root;
  for (const { trail, value } of replacements) result = replaceAt(result, trail, 0, value);
  return result;
}

function replaceAt(node: unknown, trail: ReadonlyArray<string | number>, depth: number, value: string): unknown {
  if (depth === trail.length) return value;
  const step = trail[depth] as string | number;
  const container = node as Record<string | number, unknown>;
  const copy = (Array.isArray(node) ? node.slice() : { ...container }) as Record<string | number, unknown>;
  // defineProperty, not assignment: a property named __proto__ stays a plain property.
  Object.defineProperty(copy, step, {
    value: replaceAt(container[step], trail, depth + 1, value),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}
