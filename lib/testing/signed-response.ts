import type { KeyObject } from 'node:crypto';
import type { KeyInput } from '../crypto/key-input.js';
import { loadPrivateKey } from '../crypto/load-key.js';
import { ConfigError } from '../errors/config-error.js';
import { ParameterError } from '../errors/parameter-error.js';
import { parseFaults } from '../simulator/faults.js';
import { signReply } from '../simulator/sign-reply.js';
import type { SignedResponseOptions } from './mock-types.js';

/** The key a hand-made answer is signed with: a platform key id (or certificate serial) and its private key. */
export interface SigningPlatform {
  serial: string;
  privateKey: KeyInput;
}

/**
 * An answer signed as WeChat Pay signs its answers (`Wechatpay-Timestamp`, `-Nonce`, `-Serial`, `-Signature`), for
 * msw handlers you write yourself: a client whose `certs` hold the platform's public key accepts it. `body` is sent
 * as it is when it is text or bytes, otherwise as JSON (`undefined`: an empty body). Within a mock, use
 * `wechatpay.signedResponse(body, options)`, which signs with the mock's key.
 */
export function signedResponse(body: unknown, options: SignedResponseOptions & { platform: SigningPlatform }): Response {
  const platform = options?.platform;
  if (platform === null || typeof platform !== 'object')
    throw new ConfigError('platform', 'is required: { serial, privateKey } of the key to sign with');
  if (typeof platform.serial !== 'string' || !/^[\x21-\x7e]+$/.test(platform.serial))
    throw new ConfigError('platform.serial', "must be a public key id or certificate serial of visible ASCII, e.g. 'PUB_KEY_ID_…'");
  return signWith({ serial: platform.serial, privateKey: loadPrivateKey(platform.privateKey, 'platform.privateKey') }, body, options);
}

/** Signs `body` with a loaded platform key; `options` as for `signedResponse`. */
export function signWith(platform: { serial: string; privateKey: KeyObject }, body: unknown, options: SignedResponseOptions = {}): Response {
  const status = options.status ?? 200;
  if (!(Number.isInteger(status) && status >= 200 && status <= 599)) throw new ParameterError('status', 'must be an HTTP status from 200 to 599');
  const bytes =
    typeof body === 'string'
      ? Buffer.from(body, 'utf8')
      : body instanceof Uint8Array
        ? Buffer.from(body)
        : Buffer.from(body === undefined ? '' : JSON.stringify(body));
  const signed = signReply(bytes, platform, Math.floor(Date.now() / 1000), parseFaults(undefined), {
    ...(options.contentType !== undefined && { contentType: options.contentType }),
    ...(options.headers !== undefined && { headers: options.headers }),
  });
  const empty = signed.body.length === 0 || status === 204 || status === 205 || status === 304;
  return new Response(empty ? null : signed.body, { status, headers: signed.headers });
}
