import { inspect, type InspectOptionsStylized } from 'node:util';
import { redactUrls } from './redact.js';

/** An error reduced to what a log needs: its name, code and message (URL queries redacted), and its own cause. */
export interface ErrorSummary {
  name: string;
  code?: string;
  message: string;
  cause?: ErrorSummary;
}

/** One attempt of a call that was tried more than once, or failed: never a header, body or query value. */
export interface CallAttempt {
  /** The host it went to, with its port when not the default. */
  readonly host: string;
  /** Its HTTP status as text (`'503'`), or the reason it got none (`'connect'`, `'network'`, `'timeout'`…). */
  readonly outcome: string;
  readonly durationMs: number;
}

/**
 * What `toJSON()` gives, and so what `JSON.stringify(error)` writes: never a key, a signature, an `Authorization`
 * header, a response's `Wechatpay-Signature` or a download token.
 */
export interface WechatpayErrorJSON {
  name: string;
  code: string;
  message: string;
  /** The kind of failure, where the class has one (`VerificationError`, `TransportError`…). */
  reason?: string;
  /** The input at fault (`ConfigError`, `ParameterError`). */
  field?: string;
  status?: number;
  requestId?: string;
  /** Every attempt of the call, when it went through the built-in retry. */
  attempts?: readonly CallAttempt[];
  cause?: ErrorSummary;
  /** What a subclass adds (`ApiError`: `wechatpay`, `body`…; `BillError`: `line`…). */
  [more: string]: unknown;
}

/** The base of every error this package throws. `code` is stable and machine-readable. */
export class WechatpayError extends Error {
  override name = 'WechatpayError';
  readonly code: string;
  /**
   * The attempts of a call that failed, oldest first, set by the built-in retry (one entry when it was not tried
   * again); the last one is this error's.
   */
  declare attempts?: readonly CallAttempt[];

  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** A plain object for logs: name, code, message, `reason`/`field`, status and Request-ID when set, the cause summarised. */
  toJSON(): WechatpayErrorJSON {
    const json: WechatpayErrorJSON = { name: this.name, code: this.code, message: this.message };
    const own = this as { reason?: unknown; field?: unknown; status?: unknown; requestId?: unknown };
    if (typeof own.reason === 'string') json.reason = own.reason;
    if (typeof own.field === 'string') json.field = own.field;
    if (typeof own.status === 'number') json.status = own.status;
    if (typeof own.requestId === 'string') json.requestId = own.requestId;
    if (this.attempts !== undefined) json.attempts = this.attempts.map(({ host, outcome, durationMs }) => ({ host, outcome, durationMs }));
    if (this.cause !== undefined) json.cause = summarise(this.cause);
    return json;
  }

  /** `console.log(error)`: the stack, then the fields of `toJSON()` (never a response's bytes or headers), then the cause. */
  [inspect.custom](depth: number, options: InspectOptionsStylized, show: typeof inspect = inspect): string {
    const { name: _name, message: _message, cause: _cause, ...fields } = this.toJSON();
    const stack = this.stack ?? `${this.name}: ${this.message}`;
    if (depth < 0) return `[${stack.split('\n')[0]}]`;
    const nested = { ...options, depth: options.depth === null || options.depth === undefined ? options.depth : options.depth - 1 };
    // The cause itself, not its summary: its stack is what a developer reading the console needs.
    const shown: Record<string, unknown> = { ...fields, ...(this.cause !== undefined && { cause: this.cause }) };
    return `${stack} ${show(shown, nested)}`;
  }
}

/** One level of an error chain, and its causes up to a few levels down. */
export function summarise(error: unknown, depth = 3): ErrorSummary {
  if (!(error instanceof Error)) return { name: typeof error, message: redactUrls(String(error)) };
  const code = (error as { code?: unknown }).code;
  const summary: ErrorSummary = { name: error.name, ...(typeof code === 'string' && { code }), message: redactUrls(error.message) };
  if (error.cause !== undefined && depth > 1) summary.cause = summarise(error.cause, depth - 1);
  return summary;
}
