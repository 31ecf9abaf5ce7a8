import type { Writable } from 'node:stream';
import { STATEMENT_SHA1 } from './file-endpoints.js';
import type { DownloadProgress, ExpectedHash } from '../types/download-types.js';
import type { DownloadPlan } from './write-download.js';

/** What a transport knows of a download before the answer: the files and checks, and the caller's stream and callback. */
export interface DownloadSetup {
  partial?: string | undefined;
  gunzip: boolean;
  hash?: ExpectedHash | undefined;
  stream?: Writable | undefined;
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
}

/**
 * The plan for a 2xx file answer, from the call's setup and the answer's headers: the expected digest is the one
 * given, or the overseas statement's `Wechatpay-Statement-Sha1` (whose signature the verifier checks), and the
 * total is the `Content-Length` when there is one.
 */
export function planDownload(
  setup: DownloadSetup,
  header: (name: string) => string | null | undefined,
): { plan: DownloadPlan; total: number | undefined } {
  const statement = header(STATEMENT_SHA1);
  const hash = setup.hash ?? (typeof statement === 'string' ? { type: 'SHA1' as const, value: statement } : undefined);
  const length = Number(header('Content-Length') ?? Number.NaN);
  const { partial, gunzip, stream, onProgress } = setup;
  const plan: DownloadPlan = {
    gunzip,
    ...(partial !== undefined && { partial }),
    ...(stream && { stream }),
    ...(onProgress && { onProgress }),
    ...(hash && { hash }),
  };
  return { plan, total: Number.isFinite(length) ? length : undefined };
}
