import type { WechatpayRequest } from '../types/request.js';
// Generated from the WeChat Pay catalog by scripts/generate-deduplicated.mjs: the operations WeChat Pay deduplicates
// by a number the merchant chooses (out_trade_no, out_refund_no, out_bill_no…). An import, so that bundles carry it.
import data from './deduplicated.json' with { type: 'json' };

/** Catalog paths by method, split into segments; built on the first failure that asks, never on the success path. */
let index: Map<string, string[][]> | undefined;

function load(): Map<string, string[][]> {
  if (index) return index;
  const built = new Map<string, string[][]>();
  for (const key of Object.keys(data)) {
    const [method = '', path = ''] = key.split(' ');
    const list = built.get(method) ?? [];
    list.push(path.split('/'));
    built.set(method, list);
  }
  index = built;
  return built;
}

/**
 * Whether `method template` is an operation WeChat Pay deduplicates by a merchant-chosen number in its payload, so
 * that sending it twice cannot pay, refund or transfer twice. A placeholder of the catalog takes any segment.
 */
export function isDeduplicated(method: string, template: string): boolean {
  const given = template
    .replace(/[?#].*$/, '')
    .replace(/^\/+/, '')
    .split('/');
  return (load().get(method) ?? []).some(
    (catalog) => catalog.length === given.length && catalog.every((want, i) => (PLACEHOLDER.test(want) ? given[i] !== '' : want === given[i])),
  );
}

const PLACEHOLDER = /^\{[^{}]+\}$/;

/**
 * Whether a call may be sent again once it may have reached WeChat Pay (after a 429 or 5xx answer, a reset, a
 * timeout): the call's own `idempotent` option when given; else a GET; else an operation WeChat Pay deduplicates.
 */
export function isIdempotent(request: WechatpayRequest): boolean {
  const { idempotent } = request.options;
  if (typeof idempotent === 'boolean') return idempotent;
  return request.method === 'GET' || isDeduplicated(request.method, request.template);
}
