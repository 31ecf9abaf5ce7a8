/**
 * How a property name becomes a URI segment (as wechatpay-php does): a leading capital is lowered,
 * every other capital X becomes `-x`, and a whole `_name_` becomes the placeholder `{name}`.
 */
export function normalizeSegment(key: string): string {
  const kebab = key.replace(/^[A-Z]/, (c) => c.toLowerCase()).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return placeholder(kebab);
}

/** A key holding `/` is a path: its segments keep their case; only whole `_name_` segments become `{name}`. */
export function pathSegments(path: string): string[] {
  return path.split('/').map(placeholder);
}

function placeholder(segment: string): string {
  return segment.replace(/^_(.+)_$/, '{$1}');
}
