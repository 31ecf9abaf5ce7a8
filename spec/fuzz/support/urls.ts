/** `%XX` decoded once, byte by byte (enough to see dots, slashes and backslashes that a server would decode). */
export function percentDecoded(segment: string): string {
  return segment.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * Why a request target is not under `base`, or undefined when it is: the same origin, no user info, a path under the
 * base path, and no dot segment once each segment is percent-decoded (`%2e%2e`, `.%2E`, `..%2f` included).
 */
export function escapesBase(url: URL, base: URL): string | undefined {
  if (url.origin !== base.origin) return `the request went to ${url.origin}, not ${base.origin}`;
  if (url.username !== '' || url.password !== '') return 'the request URL carries user info';
  if (!url.pathname.startsWith(base.pathname)) return `the path ${url.pathname} is outside the base path ${base.pathname}`;
  for (const segment of url.pathname.split('/')) {
    const decoded = percentDecoded(segment);
    if (decoded.split(/[/\\]/).some((piece) => piece === '.' || piece === '..')) return `the path ${url.pathname} holds the dot segment ${segment}`;
  }
  return undefined;
}

/**
 * Whether WeChat Pay answers this target unsigned (the bill file and complaint images): the only targets whose
 * unsigned answer may be returned. Decided from the URL actually sent, not from the chain's template.
 */
export function isUnsignedTarget(url: URL, base: URL): boolean {
  const path = url.pathname.slice(base.pathname.length).toLowerCase();
  return (
    path === 'v3/billdownload/file' ||
    (path.startsWith('v3/merchant-service/images/') &&
      path !== 'v3/merchant-service/images/upload' &&
      path.length > 'v3/merchant-service/images/'.length)
  );
}

/** Lone surrogates cannot be encoded as UTF-8: a value holding one may be refused. */
export function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
