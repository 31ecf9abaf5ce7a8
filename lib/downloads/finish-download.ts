import { renameSync, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { WechatpayRequest } from '../types/request.js';
import { DownloadError } from '../errors/download-error.js';

/**
 * A download to a path is written to `<path>.partial` and only renamed once the whole call succeeded (the
 * transport's digest check and every middleware, the verifier included); any failure deletes the partial file.
 */
export async function settleDownload<T>(request: WechatpayRequest, call: () => Promise<T>): Promise<T> {
  const partial = request.download?.partial;
  try {
    const result = await call();
    if (partial) await rename(partial, request.download?.path as string).catch((error: unknown) => Promise.reject(renameFailed(error)));
    return result;
  } catch (error) {
    if (partial) await rm(partial, { force: true });
    throw error;
  }
}

/** `settleDownload` for synchronous calls. */
export function settleDownloadSync<T>(request: WechatpayRequest, call: () => T): T {
  const partial = request.download?.partial;
  try {
    const result = call();
    if (partial) {
      try {
        renameSync(partial, request.download?.path as string);
      } catch (error) {
        throw renameFailed(error);
      }
    }
    return result;
  } catch (error) {
    if (partial) rmSync(partial, { force: true });
    throw error;
  }
}

/** The checked file could not take its final name (a directory there, no permission): a write failure. */
function renameFailed(error: unknown): DownloadError {
  return new DownloadError(
    'write',
    `the verified file could not be renamed from .partial to its path (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    { cause: error },
  );
}
