import type { WechatpayRequest } from '../types/request.js';
import type { WechatpayResponse } from '../types/response.js';

/**
 * Carries one signed request over the wire for asynchronous calls and returns the raw answer.
 * Transports do not sign, verify or judge the status: that is the middleware stack's job.
 */
export interface Transport {
  readonly name: string;
  send(request: WechatpayRequest): Promise<WechatpayResponse>;
  /** Frees what the transport owns (connections, threads). */
  close(): Promise<void>;
}
