import type { Writable } from 'node:stream';
import { FormData, type Dispatcher } from 'undici';
import type { DownloadProgress } from '../types/download-types.js';
import { planDownload } from '../downloads/plan-download.js';
import { writeDownload } from '../downloads/write-download.js';
import { buildFormData } from '../media/form-data.js';
import { Deadline } from '../types/deadline.js';
import { readCapped, transportError, type WireRequest, type WireResponse } from './wire.js';
import { safeUrl } from '../utils/safe-url.js';

/** What stays in the calling thread: a download's stream and progress callback, and the call's deadline. */
export interface ExchangeLocals {
  stream?: Writable;
  onProgress?: (progress: DownloadProgress) => void;
  /** The call's own deadline (an asynchronous call): used as it is, and left to the call to dispose. */
  deadline?: Deadline;
}

/**
 * One HTTP exchange with undici, bounded by the call's deadline (or, without one, by `timeLeft` or `timeout`) and an
 * optional caller's signal. It goes straight to `dispatcher.request` with origin and path: the URL was parsed once,
 * when it was built. The answer is read whole, up to `maxResponseBytes`, except a 2xx answer to a download, which
 * streams to its file; there `timeout` bounds the wait for the answer and then each pause of the file (undici's
 * `bodyTimeout`), so a large bill on a slow line is not cut off.
 */
export async function undiciExchange(
  wire: WireRequest,
  dispatcher: Dispatcher,
  abort?: AbortSignal,
  locals: ExchangeLocals = {},
): Promise<WireResponse> {
  const answer = await undiciAnswer(wire, dispatcher, abort, locals);
  return { ...answer, headers: headerPairs(answer.headers) };
}

/** An answer as undici gives it: its headers are undici's record (lower-case names), for the caller to shape. */
export interface UndiciAnswer extends Omit<WireResponse, 'headers'> {
  headers: Record<string, string | string[] | undefined>;
}

/** `undiciExchange` without the wire's header pairs: the asynchronous transport builds its `Headers` straight from undici's record. */
export async function undiciAnswer(
  wire: WireRequest,
  dispatcher: Dispatcher,
  abort?: AbortSignal,
  locals: ExchangeLocals = {},
): Promise<UndiciAnswer> {
  // Only a failure names the call: its URL is made safe for the message then, not on every call.
  const what = () => `${wire.method} ${safeUrl(`${wire.origin}${wire.path}`)}`;
  const deadline = locals.deadline ?? new Deadline(wire.timeLeft ?? wire.timeout, abort);
  try {
    const response = await dispatcher.request({
      origin: wire.origin,
      path: wire.path,
      method: wire.method as Dispatcher.HttpMethod,
      headers: wire.headers,
      body: wire.multipart ? await buildFormData(wire.multipart, FormData) : wire.body,
      signal: deadline,
      ...(wire.download && { bodyTimeout: wire.timeout }),
    });
    const { headers, statusCode: status } = response;
    const { download } = wire;
    if (download && status >= 200 && status < 300) {
      deadline.stopTimer();
      const { plan, total } = planDownload({ ...download, ...locals }, (name) => {
        const value = headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      });
      const written = await writeDownload(response.body, plan, total);
      return { status, headers, body: new Uint8Array(0), download: { ...written, path: download.path } };
    }
    const length = headers['content-length'];
    const body = await readCapped(response.body, wire.maxResponseBytes, typeof length === 'string' ? length : undefined, what);
    return { status, headers, body };
  } catch (error) {
    throw transportError(error, what(), wire.timeout, deadline, abort);
  } finally {
    if (deadline !== locals.deadline) deadline.dispose();
  }
}

/** undici's header record as the wire's list of pairs (a repeated header gives one pair a value). */
export function headerPairs(headers: Record<string, string | string[] | undefined>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (typeof value === 'string') pairs.push([name, value]);
    else for (const item of value) pairs.push([name, item]);
  }
  return pairs;
}

/** A `Headers` made from undici's record: appended one by one, cheaper than converting a list of pairs. */
export function headersOf(headers: Record<string, string | string[] | undefined>): Headers {
  const result = new Headers();
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (typeof value === 'string') result.append(name, value);
    else for (const item of value) result.append(name, item);
  }
  return result;
}
