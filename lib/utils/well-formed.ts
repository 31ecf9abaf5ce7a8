/** A lone surrogate: half of a UTF-16 pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether `text` is valid Unicode (no lone surrogate), so that it has a UTF-8 form: `encodeURIComponent` throws a
 * `URIError` on anything else. (`String.prototype.isWellFormed` is not in every Node this package supports.)
 */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
