import type { KeyObject } from 'node:crypto';
import { requireRsa } from '../crypto/load-key.js';
import { verifyResponse } from '../crypto/verify-response.js';
import { ApiError } from '../errors/api-error.js';
import { VerificationError } from '../errors/verification-error.js';
import type { WechatpayRequest } from '../types/request.js';
import type { WechatpayResponse } from '../types/response.js';
import { andThen, tryThen, type MaybePromise } from '../types/maybe-promise.js';
import { checkStatementFile, statementDigest } from '../downloads/file-endpoints.js';
import type { Middleware } from '../stack/middleware.js';

export interface VerifierOptions {
  /** Platform public keys by platform certificate serial or public key id. */
  keys: ReadonlyMap<string, KeyObject>;
  /** Milliseconds since the epoch (tests fix it). */
  clock?: () => number;
  /**
   * Answers not to verify here: unsigned files (downloads), and the platform certificate listing, which its
   * downloader verifies with the certificates inside. A skipped error answer is still an `ApiError`, checked with
   * the keys held (without `resolveKey`): WeChat Pay's code only if it verifies.
   */
  skip?: (request: WechatpayRequest, response: WechatpayResponse) => boolean;
  /**
   * Asked once when an answer names a `Wechatpay-Serial` that `keys` lacks, before the check fails: it may add
   * the key (by downloading platform certificates), in the call's own mode.
   */
  resolveKey?: (serial: string, request: WechatpayRequest) => MaybePromise<void>;
}

/**
 * The APIv3 verifier: a 2xx answer must be signed by a platform key we hold, within 300 s. A non-2xx answer is an
 * `ApiError`, which carries WeChat Pay's code only when its signature checks out (`verified: true`); unsigned or
 * not verifying, it is `HTTP_<status>` with the body's claim under `unverified`.
 */
export function verifier(options: VerifierOptions): Middleware {
  const { keys, clock = Date.now, skip, resolveKey } = options;
  for (const [id, key] of keys) requireRsa(key, `keys['${id}']`);
  const finish = (request: WechatpayRequest, response: WechatpayResponse): WechatpayResponse => {
    const digest = statementDigest(request, response);
    if (response.download && !digest) {
      throw new VerificationError(
        'signature',
        `the answer is signed over its body, which was streamed to a file (download option) and not kept; call ${request.template} without download`,
        {
          status: response.status,
          requestId: response.headers.get('Request-ID') ?? undefined,
        },
      );
    }
    verifyResponse(digest ? { headers: response.headers, body: digest, status: response.status } : response, keys, clock);
    if (digest) checkStatementFile(response);
    return response;
  };
  // A skipped answer (a file, the certificate listing) may still be a signed error: checked with the keys held.
  const failed = (request: WechatpayRequest, response: WechatpayResponse): MaybePromise<never> => {
    const serial = response.headers.get('Wechatpay-Serial');
    const resolve = resolveKey && serial && !keys.has(serial) && !skip?.(request, response) ? resolveKey : undefined;
    return tryThen(
      () => resolve?.(serial as string, request),
      () => {
        throw errorAnswer(request, response, keys, clock);
      },
      (error) => {
        throw new ApiError(response, undefined, { verified: false, cause: error });
      },
    );
  };
  return (request, next) => {
    if (request.protocol === 'v2') return next(request); // APIv2 answers are checked by transform_response
    return andThen(next(request), (response) => {
      if (!response.ok) return failed(request, response);
      if (skip?.(request, response)) return response;
      const serial = response.headers.get('Wechatpay-Serial');
      if (resolveKey && serial && !keys.has(serial)) return andThen(resolveKey(serial, request), () => finish(request, response));
      return finish(request, response);
    });
  };
}

/** The `ApiError` of a non-2xx answer: WeChat Pay's own when verified, else `HTTP_<status>` with the reason as `cause`. */
function errorAnswer(request: WechatpayRequest, response: WechatpayResponse, keys: ReadonlyMap<string, KeyObject>, clock: () => number): ApiError {
  const digest = statementDigest(request, response);
  try {
    verifyResponse(digest ? { headers: response.headers, body: digest, status: response.status } : response, keys, clock);
  } catch (error) {
    if (error instanceof VerificationError) return new ApiError(response, undefined, { verified: false, cause: error });
    throw error;
  }
  return new ApiError(response, undefined, { verified: true });
}

/** What a WeChat Pay signature covers: an answer to our call, or a callback to us. */
