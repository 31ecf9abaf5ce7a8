import { WechatpayResponse } from '../types/response.js';
import { copyHeaders, type WechatpayRequest } from '../types/request.js';
import { planDownload } from '../downloads/plan-download.js';
import { writeDownload } from '../downloads/write-download.js';
import { buildFormData } from '../media/form-data.js';
import type { Transport } from './transport.js';
import { Deadline } from '../types/deadline.js';
import { readCapped, toWire, transportError } from './wire.js';
import { safeUrl } from '../utils/safe-url.js';

/** Any WHATWG `fetch`. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/**
 * A transport over WHATWG `fetch`, for runtimes without undici and for tests with `msw`. Without an argument it
 * uses `globalThis.fetch` as it is at call time, so interceptors installed later still see the calls.
 */
export function fetchTransport(fetchFunction?: FetchFunction): Transport {
  return {
    name: 'fetch',
    async send(request) {
      const what = `${request.method} ${safeUrl(request.url)}`;
      // The call's own deadline when it has one (never a second timer for the same call).
      const deadline = request.deadline ?? new Deadline(request.timeout, request.signal);
      try {
        deadline.signal.throwIfAborted();
        const run = fetchFunction ?? (globalThis.fetch as FetchFunction);
        const response = await run(request.url.href, {
          method: request.method,
          ...(await bodyOf(request)),
          signal: deadline.signal,
          redirect: 'manual',
        });
        const { download } = request;
        if (download && response.ok && response.body) {
          deadline.stopTimer();
          const { plan, total } = planDownload(download, (name) => response.headers.get(name));
          const written = await writeDownload(response.body as unknown as AsyncIterable<Uint8Array>, plan, total);
          return new WechatpayResponse(response.status, copyHeaders(response.headers), new Uint8Array(0), { ...written, path: download.path });
        }
        const body = response.body
          ? await readCapped(
              response.body as unknown as AsyncIterable<Uint8Array>,
              request.maxResponseBytes,
              response.headers.get('Content-Length'),
              what,
            )
          : new Uint8Array(0);
        return new WechatpayResponse(response.status, copyHeaders(response.headers), body);
      } catch (error) {
        throw transportError(error, what, request.timeout, deadline, request.signal);
      } finally {
        if (deadline !== request.deadline) deadline.dispose();
      }
    },
    async close() {},
  };
}

/** Headers and body: bytes, or an upload as the platform's FormData (which sets its own Content-Type). */
async function bodyOf(request: WechatpayRequest): Promise<{ headers: Headers | Record<string, string>; body: RequestInit['body'] | undefined }> {
  if (!request.multipart) return { headers: request.headers, body: request.body as RequestInit['body'] | undefined };
  const wire = toWire(request);
  return { headers: wire.headers, body: await buildFormData(wire.multipart as NonNullable<typeof wire.multipart>, FormData) };
}
