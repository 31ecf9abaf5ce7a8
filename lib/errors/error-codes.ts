import type { BillProblem } from './bill-error.js';
import type { CertificateProblem } from './certificate-error.js';
import type { CryptoFailure } from './crypto-error.js';
import type { DownloadProblem } from './download-error.js';
import type { NotificationProblem } from './notification-error.js';
import type { TransportFailure } from './transport-error.js';
import type { VerificationCheck } from './verification-error.js';

/**
 * Every `reason` of every class, as a record so that the type-checker fails here when a union gains a member this
 * list lacks (and the errors guide, which a spec compares with `ERROR_CODES`, must then name its code too).
 */
const REASONS = {
  VerificationError: { headers: 1, timestamp: 1, serial: 1, signature: 1, xml: 1, digest: 1, json: 1 } satisfies Record<VerificationCheck, 1>,
  TransportError: { timeout: 1, aborted: 1, connect: 1, network: 1, internal: 1, too_large: 1 } satisfies Record<TransportFailure, 1>,
  CryptoError: { encrypt: 1, decrypt: 1, pkcs1_refused: 1 } satisfies Record<CryptoFailure, 1>,
  NotificationError: { body: 1, size: 1, algorithm: 1, decryption: 1, resource: 1 } satisfies Record<NotificationProblem, 1>,
  DownloadError: { hash: 1, not_gzip: 1, corrupt: 1, write: 1, source: 1 } satisfies Record<DownloadProblem, 1>,
  BillError: {
    no_header: 1,
    duplicate_column: 1,
    column_count: 1,
    missing_backtick: 1,
    no_summary: 1,
    trailing_data: 1,
    malformed_csv: 1,
    incomplete: 1,
    source: 1,
  } satisfies Record<BillProblem, 1>,
  CertificateError: { listing: 1, decrypt: 1 } satisfies Record<CertificateProblem, 1>,
};

const PREFIXES: Record<keyof typeof REASONS, string> = {
  VerificationError: 'ERR_VERIFICATION_',
  TransportError: 'ERR_TRANSPORT_',
  CryptoError: 'ERR_CRYPTO_',
  NotificationError: 'ERR_NOTIFICATION_',
  DownloadError: 'ERR_DOWNLOAD_',
  BillError: 'ERR_BILL_',
  CertificateError: 'ERR_CERTIFICATE_',
};

/**
 * The `code` of every error this package can throw, by class. `ApiError` is not listed: its code is WeChat Pay's
 * own (`PARAM_ERROR`, `SIGN_ERROR`…, APIv2 `err_code`/`return_code`) or `HTTP_<status>`.
 */
export const ERROR_CODES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  ConfigError: Object.freeze(['ERR_CONFIG', 'ERR_ASYNC_MIDDLEWARE', 'ERR_MIDDLEWARE_NO_RESPONSE', 'ERR_WORKER_FILE']),
  ParameterError: Object.freeze(['ERR_PARAMETER']),
  ...Object.fromEntries(
    Object.entries(REASONS).map(([name, reasons]) => [
      name,
      Object.freeze(Object.keys(reasons).map((reason) => `${PREFIXES[name as keyof typeof REASONS]}${reason.toUpperCase()}`)),
    ]),
  ),
});
