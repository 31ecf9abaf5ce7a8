import { redactUrls } from './redact.js';

/** What a trace keeps of an error: never the answer's body or headers. */
export interface CallTraceError {
  readonly name: string;
  /** `ApiError`: WeChat Pay's code (`PARAM_ERROR`, or `HTTP_<status>` unverified); otherwise the error's own (`ERR_TRANSPORT_TIMEOUT`…). */
  readonly code: string | undefined;
  /** The kind of failure, where the class has one (`TransportError`: `timeout`…). */
  readonly reason: string | undefined;
  /** The error's message, URL query values shown as `…`. */
  readonly message: string;
}

/** An error as the call and retry channels show it. */
export function traceError(error: unknown): CallTraceError {
  const own = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; reason?: unknown };
  return {
    name: error instanceof Error ? error.name : typeof error,
    code: typeof own.code === 'string' ? own.code : undefined,
    reason: typeof own.reason === 'string' ? own.reason : undefined,
    message: redactUrls(error instanceof Error ? error.message : String(error)),
  };
}
