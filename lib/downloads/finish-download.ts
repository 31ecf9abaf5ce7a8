import { renameSync, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { WechatpayRequest } from '../types/request.js';

/**
 * A download to a path is written to `<path>.partial` and only renamed once the whole call succeeded (the
 * transport's digest check and every middleware, the verifier included); any failure deletes the partial file.
 */
export async function settleDownload<T>(request: WechatpayRequest, call: () => Promise<T>): Promise<T> {
  const partial = request.download?.partial;
  try {
    const result = await call();
    if (partial) await rename(partial, request.download?.path as string);
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
    if (partial) renameSync(partial, request.download?.path as string);
    return result;
  } catch (error) {
    if (partial) rmSync(partial, { force: true });
    throw error;
  }
}
