import type { WireFailure, WireRequest, WireResponse } from './wire.js';

/** Slots of the shared Int32Array: READY is 1 once the worker listens; SEQUENCE counts replies. */
export const READY = 0;
export const SEQUENCE = 1;

export interface SyncMessage {
  id: number;
  request: WireRequest;
}

export interface SyncReply {
  id: number;
  response?: WireResponse;
  failure?: WireFailure;
  /** A download still receiving bytes: the caller extends its deadline (the worker's own idle timeout still holds). */
  alive?: true;
}
