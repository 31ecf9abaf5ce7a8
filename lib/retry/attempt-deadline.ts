import { Deadline } from '../types/deadline.js';
import type { WechatpayRequest } from '../types/request.js';
import type { RetryPolicy } from './policy.js';

/**
 * One attempt's own deadline, under the call's, when the policy sets `attemptTimeout` and the call has more time
 * than that: the attempt then ends as a timeout of its own, which an idempotent call may try again, while the call's
 * deadline still bounds them all. None for a download, whose answer streams for as long as it needs.
 */
export function attemptDeadline(request: WechatpayRequest, policy: RetryPolicy | false): Deadline | undefined {
  const limit = policy ? policy.attemptTimeout : undefined;
  const call = request.deadline;
  if (limit === undefined || !call || request.download || limit >= call.remaining()) return undefined;
  // A synchronous attempt only needs to know its time: the worker's exchange is bounded by it.
  return request.sync ? new Deadline(limit, undefined, { timer: false }) : new Deadline(limit, call.signal);
}
