/**
 * Where each page lives. A reference page mirrors its URL, with placeholders written as the chain writes them
 * (`{out_order_no}` → `_out_order_no_`): braces would have to be percent-encoded in every link and are special
 * to the globs that tools use on file names, while `_name_` is safe on every file system and in every URL.
 */

/** `openapi/v3/payscore/smartretail-orders/_out_order_no_/complete` (no extension, no leading slash). */
export function endpointPage(path) {
  // Two paths end in `/` (`v3/ecommerce/applyments/`): their page is the index of that folder.
  const file = path.endsWith('/') ? `${path}index` : path;
  return `openapi/${file
    .split('/')
    .map((segment) => segment.replace(/^\{(.+)\}$/, '_$1_'))
    .join('/')}`;
}

/** The site link of a page file: `…/index` is the folder itself. */
export function pageLink(page) {
  return `/${page.replace(/(^|\/)index$/, '$1')}`;
}

/**
 * `webhooks/v3/transaction--success`: event names lower-cased and each dot as `--`, because APIv2 has both
 * `TRANSACTION.SUCCESS` and `transaction-success`, and a dot in a page name reads as a file extension to some servers.
 */
export function webhookPage(protocol, event) {
  return `webhooks/${protocol}/${event
    .toLowerCase()
    .replace(/\./g, '--')
    .replace(/[^a-z0-9_-]/g, '-')}`;
}

/** The reference section an endpoint is listed under: its first two segments (`v3/payscore`). */
export function groupOf(path) {
  return path.split('/').slice(0, 2).join('/');
}
