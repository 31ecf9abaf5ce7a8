import { inspect } from 'node:util';
import { DownloadError } from '../errors/download-error.js';
import { ApiError } from '../errors/api-error.js';
import { ConfigError } from '../errors/config-error.js';
import { ParameterError } from '../errors/parameter-error.js';
import { TransportError } from '../errors/transport-error.js';
import { VerificationError } from '../errors/verification-error.js';
import { WechatpayError } from '../errors/wechatpay-error.js';

/** The CLI's exit code for an error: scripts can tell a refusal by WeChat Pay from a broken setup. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof ConfigError || error instanceof ParameterError) return 2;
  if (error instanceof ApiError) return 3;
  if (error instanceof VerificationError || (error instanceof DownloadError && error.reason === 'hash')) return 4;
  // A failure of the synchronous worker is a bug, not the network: "anything else".
  if (error instanceof TransportError && error.reason !== 'internal') return 5;
  return 1;
}

/** `ApiError PARAM_ERROR: …` and, for WeChat Pay's answers, their detail; never a key (errors hold none). */
export function describeError(error: unknown): string {
  if (!(error instanceof WechatpayError)) return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const head = error.message.startsWith(`${error.code}:`) ? `${error.name} ${error.message}` : `${error.name} ${error.code}: ${error.message}`;
  if (error instanceof ApiError && error.detail !== undefined) return `${head}\n${inspect(error.detail, { depth: 6, colors: false })}`;
  return head;
}
