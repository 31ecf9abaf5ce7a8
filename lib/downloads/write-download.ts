import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, type Gunzip } from 'node:zlib';
import { DownloadError } from '../errors/download-error.js';
import type { DownloadProgress, DownloadResult, ExpectedHash } from '../types/download-types.js';

/** Where and how one answer's body is written. */
export interface DownloadPlan {
  /** The `.partial` file to write (renamed by the client once the whole call succeeded). */
  partial?: string;
  /** Or the caller's stream. */
  stream?: Writable;
  gunzip: boolean;
  hash?: ExpectedHash;
  onProgress?: (progress: DownloadProgress) => void;
}

const ALGORITHMS = { SHA1: 'sha1', SHA256: 'sha256', SM3: 'sm3' } as const;

/**
 * Streams a file answer to its destination with flat memory, counting and hashing on the way. The digest is over
 * the plain file, as WeChat Pay computes `hash_value` ("gzip needs decompressing"): a gzip answer is hashed through
 * a gunzip whether or not it is written decompressed. A mismatch deletes the partial file.
 */
export async function writeDownload(body: AsyncIterable<Uint8Array>, plan: DownloadPlan, total: number | undefined): Promise<DownloadResult> {
  const hash = createHash(ALGORITHMS[plan.hash?.type ?? 'SHA256']);
  let received = 0;
  let written = 0;
  // Only an error of the destination is a write failure. A socket error mid-file stays a transport error, also
  // when the pipeline hands that same error to the destination as it tears it down.
  let sinkError: unknown;
  let sourceError: unknown;
  try {
    const chunks = body[Symbol.asyncIterator]();
    const next = async () => {
      try {
        return await chunks.next();
      } catch (error) {
        sourceError = error;
        throw error;
      }
    };
    const first = await next();
    const head = first.done ? new Uint8Array(0) : first.value;
    const gzip = head[0] === 0x1f && head[1] === 0x8b;
    if (plan.gunzip && !gzip)
      throw new DownloadError('not_gzip', 'gunzip was asked for, but the file is not gzip (was the bill applied for with tar_type GZIP?)');
    // A side gunzip only feeds the hash, when the gzip file is written as it came.
    const side = gzip && !plan.gunzip ? hashing(createGunzip(), hash) : undefined;
    const counted = async function* () {
      for (let step = first; !step.done; step = await next()) {
        received += step.value.byteLength;
        plan.onProgress?.({ received, total });
        if (side && !side.write(step.value)) await once(side, 'drain');
        if (!gzip) hash.update(step.value);
        yield step.value;
      }
      side?.end();
    };
    const tally = async function* (source: AsyncIterable<Uint8Array>) {
      for await (const chunk of source) {
        if (plan.gunzip) hash.update(chunk);
        written += chunk.byteLength;
        yield chunk;
      }
    };
    const sink = plan.stream ?? createWriteStream(plan.partial as string);
    sink.once('error', (error: unknown) => {
      sinkError = error;
    });
    await Promise.all([plan.gunzip ? pipeline(counted, createGunzip(), tally, sink) : pipeline(counted, tally, sink), side && once(side, 'end')]);
    const digest = hash.digest('hex');
    if (plan.hash && digest !== plan.hash.value.toLowerCase()) {
      throw new DownloadError(
        'hash',
        `the file's ${plan.hash.type} is ${digest}, but WeChat Pay gave ${plan.hash.value.toLowerCase()}: the file is incomplete or altered`,
        {
          expected: plan.hash.value.toLowerCase(),
          actual: digest,
        },
      );
    }
    return { path: undefined, received, written, digest };
  } catch (error) {
    if (plan.partial) await rm(plan.partial, { force: true });
    throw asDownloadError(error, error === sourceError ? undefined : sinkError);
  }
}

/** The side gunzip, its output into the hash and nowhere else. */
function hashing(gunzip: Gunzip, hash: ReturnType<typeof createHash>): Gunzip {
  gunzip.on('data', (chunk: Buffer) => hash.update(chunk));
  return gunzip;
}

function asDownloadError(error: unknown, sinkError: unknown): unknown {
  if (error instanceof DownloadError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) return new DownloadError('corrupt', `the gzip file is broken (${code})`, { cause: error });
  if (sinkError !== undefined && error === sinkError) {
    return new DownloadError('write', `the file could not be written (${code})`, { cause: error });
  }
  return error;
}
