import { request as undiciRequest, type Dispatcher } from 'undici';
import { callSignal, transportError, type WireRequest, type WireResponse } from './wire.js';

/** One HTTP exchange with undici, the whole body read, bounded by `timeout` and an optional caller's signal. */
export async function undiciExchange(wire: WireRequest, dispatcher: Dispatcher, abort?: AbortSignal): Promise<WireResponse> {
  const what = `${wire.method} ${wire.url}`;
  if (abort?.aborted) throw transportError(abort.reason, what, wire.timeout, AbortSignal.abort(), abort);
  const { timer, signal } = callSignal(wire.timeout, abort);
  try {
    const response = await undiciRequest(wire.url, {
      method: wire.method as Dispatcher.HttpMethod,
      headers: Object.fromEntries(wire.headers),
      body: wire.body,
      dispatcher,
      signal,
    });
    const body = new Uint8Array(await response.body.arrayBuffer());
    return { status: response.statusCode, headers: headerPairs(response.headers), body };
  } catch (error) {
    throw transportError(error, what, wire.timeout, timer, abort);
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
