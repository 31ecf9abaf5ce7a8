import { ParameterError } from '../errors/parameter-error.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { safeUrl } from '../utils/safe-url.js';
import { expectedHash } from './download-target.js';
import type { ExpectedHash } from '../types/download-types.js';

/** An apply answer (`v3/bill/tradebill`, e-receipts…) as WeChat Pay returns it, or its `download_url` alone. */
export type DownloadSource = string | URL | { download_url: string; hash_type?: string; hash_value?: string };

/** A download as a chain call: the path, its query, and where to send it when not the client's `baseURL`. */
export interface DownloadCall {
  path: string;
  query: Record<string, string[]>;
  baseURL: string | undefined;
  hash: ExpectedHash | undefined;
}

/**
 * Turns a `download_url` into a call. The URL must be on the client's `baseURL` or on a WeChat Pay host over HTTPS:
 * a signed request never goes to a host an answer merely named.
 */
export function downloadCall(source: DownloadSource, base: URL): DownloadCall {
  const record = isPlainObject(source) ? (source as { download_url?: unknown; hash_type?: unknown; hash_value?: unknown }) : undefined;
  const raw = record ? record.download_url : source;
  let url: URL;
  try {
    url = new URL(String(raw).trim());
  } catch {
    throw new ParameterError('download_url', `is not an absolute URL: ${safeUrl(String(raw))}`);
  }
  const onBase = url.origin === base.origin && url.pathname.startsWith(base.pathname);
  if (!onBase && !(url.protocol === 'https:' && /(^|\.)mch\.weixin\.qq\.com$/.test(url.hostname))) {
    throw new ParameterError('download_url', `points at ${url.origin}, which is neither this client's baseURL nor a WeChat Pay host`);
  }
  const query: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) (query[name] ??= []).push(value);
  const hash =
    record?.hash_type !== undefined || record?.hash_value !== undefined
      ? expectedHash({ type: record?.hash_type, value: record?.hash_value }, 'hash')
      : undefined;
  return {
    path: onBase ? url.pathname.slice(base.pathname.length) : url.pathname.replace(/^\/+/, ''),
    query,
    baseURL: onBase ? undefined : url.origin,
    hash,
  };
}
