import type { MessagePort } from 'node:worker_threads';
import type { WireFailure, WirePools, WireRequest, WireResponse } from './wire.js';

/**
 * Slots of the shared Int32Array: READY is 1 once the worker listens; SEQUENCE counts replies; EXITED is 1 once the
 * worker's thread is ending (a caller stops waiting at once instead of until its deadline). ANSWER is the id of the
 * call whose answer sits in the shared answer buffer, with its STATUS and the byte lengths of its header text and
 * body, which follow one another in that buffer.
 */
export const READY = 0;
export const SEQUENCE = 1;
export const EXITED = 2;
export const ANSWER = 3;
export const STATUS = 4;
export const HEADER_BYTES = 5;
export const BODY_BYTES = 6;
export const SLOTS = 7;

/**
 * Bytes of the shared buffer, one per worker. An ordinary request goes there (its text, then its body) and only a
 * short list of numbers is posted to wake the worker (a `SharedCall`), which copies the request out at once; an
 * ordinary answer comes back there (its header text, then its body) and is read in place. Neither is cloned. A
 * larger request or answer, an upload, a download and a failure still go as messages. One buffer serves both ways:
 * a thread's calls are one at a time, and a caller that gives up on a call stops its worker.
 */
export const SHARED_BYTES = 64 * 1024;

/**
 * The separator of the texts in the shared buffer (`method\norigin\npath\nname\nvalue…` for a request,
 * `name\nvalue…` for an answer): HTTP allows no line feed in a method, a path, or a header's name or value (`Headers`
 * refuses one). An answer with one anyway goes as a message.
 */
export const SEPARATOR = '\n';

/**
 * A call whose request sits in the shared buffer: `[id, pools, textBytes, bodyBytes (-1: no body), timeout, timeLeft,
 * maxResponseBytes, security (1 or 0)]`.
 */
export type SharedCall = [number, number, number, number, number, number, number, number];

/** What the worker is given at its start: its port, the shared flags and the shared buffer. */
export interface SyncWorkerData {
  port: MessagePort;
  state: SharedArrayBuffer;
  shared: SharedArrayBuffer;
}

/**
 * What the caller's thread posts: a client's pools, described once per worker (`open`) and freed by its `close`,
 * and each call's request, naming the pools that serve it. One port carries all, in order.
 */
export type SyncMessage = { open: number; pools: WirePools } | { close: number } | SyncCall | SharedCall;

export interface SyncCall {
  id: number;
  /** The client's pools (the number given to `open`). */
  pools: number;
  request: WireRequest;
}

export interface SyncReply {
  id: number;
  response?: WireResponse;
  failure?: WireFailure;
  /** A download still receiving bytes: the caller extends its deadline (the worker's own idle timeout still holds). */
  alive?: true;
}
