import type { WireFailure, WirePools, WireRequest, WireResponse } from './wire.js';

/**
 * Slots of the shared Int32Array: READY is 1 once the worker listens; SEQUENCE counts replies; EXITED is 1 once the
 * worker's thread is ending (a caller stops waiting at once instead of until its deadline).
 */
export const READY = 0;
export const SEQUENCE = 1;
export const EXITED = 2;
export const SLOTS = 3;

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
