import type { Dispatcher } from 'undici';
import { Deadline, transportError, type WireRequest, type WireResponse } from './wire.js';

/**
 * One HTTP exchange with undici, the whole body read, bounded by `timeout` and an optional caller's signal.
 * It goes straight to `dispatcher.request` with origin and path: the URL was parsed once, when it was built.
 */
export async function undiciExchange(wire: WireRequest, dispatcher: Dispatcher, abort?: AbortSignal): Promise<WireResponse> {
  const what = `${wire.method} ${wire.origin}${wire.path}`;
  const deadline = new Deadline(wire.timeout, abort);
  try {
    const response = await dispatcher.request({
      origin: wire.origin,
      path: wire.path,
      method: wire.method as Dispatcher.HttpMethod,
      headers: wire.headers,
      body: wire.body,
      signal: deadline,
    });
    const body = new Uint8Array(await response.body.arrayBuffer());
    return { status: response.statusCode, headers: headerPairs(response.headers), body };
  } catch (error) {
    throw transportError(error, what, wire.timeout, deadline, abort);
  } finally {
    deadline.dispose();
  }
}

function headerPairs(headers: Record<string, string | string[] | undefined>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) pairs.push([name, item]);
  }
  return pairs;
}
