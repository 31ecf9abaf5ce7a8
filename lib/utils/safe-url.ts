import { redactUrls } from '../errors/redact.js';

/**
 * A URL as messages and logs may show it: scheme, host and path, each query value replaced by `…`, without
 * credentials or fragment. `…/v3/billdownload/file?token=abc` becomes `…/v3/billdownload/file?token=…`: a
 * download token is a short-lived credential. Text that is no absolute URL gets the same treatment as free text.
 */
export function safeUrl(input: string | URL): string {
  let url: URL;
  try {
    url = input instanceof URL ? input : new URL(input);
  } catch {
    return redactUrls(String(input));
  }
  const query = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '');
  // A parameter without `=` may be a bare token: it goes whole.
  const shown = query.map((pair) => (pair.includes('=') ? `${pair.slice(0, pair.indexOf('='))}=…` : '…'));
  return `${url.protocol}//${url.host}${url.pathname}${shown.length > 0 ? `?${shown.join('&')}` : ''}`;
}
