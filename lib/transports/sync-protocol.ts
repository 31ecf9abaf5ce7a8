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
 * Bytes of the shared answer buffer, one per worker: an ordinary answer (headers and body) is written there and read
 * in place, without a message to clone. A larger answer, a download or a failure still comes as a message.
 */
export const ANSWER_BYTES = 64 * 1024;

/**
 * The separator of the answer's header text (`name\nvalue\nname\nvalue`): HTTP allows no line feed in a header's
 * name or value. An answer with one anyway goes as a message.
 */
export const HEADER_SEPARATOR = '\n';

/** What the worker is given at its start: its port, the shared flags and the shared answer buffer. */
export interface SyncWorkerData {
  port: MessagePort;
  state: SharedArrayBuffer;
  answer: SharedArrayBuffer;
}

/**
 * What the caller's thread posts: a client's pools, described once per worker (`open`) and freed by its `close`,
 * and each call's request, naming the pools that serve it. One port carries all, in order.
 */
export type SyncMessage = { open: number; pools: WirePools } | { close: number } | SyncCall;

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
