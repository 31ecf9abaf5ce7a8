import type { KeyObject } from 'node:crypto';
import { AUTH_SCHEME, parseAuthorization } from '../crypto/authorization.js';
import { signingMessage } from '../crypto/message.js';
import { rsaVerify } from '../crypto/rsa-signature.js';
import type { Reply } from './reply.js';

export interface AuthorizationContext {
  mchid: string;
  serial: string;
  publicKey: KeyObject;
  /** Nonces seen recently, with their timestamps: a replayed nonce is refused. */
  nonces: Map<string, number>;
  now: number;
}

/**
 * Checks an APIv3 Authorization header as WeChat Pay does. Returns `undefined` when it is good, or the
 * 401 `SIGN_ERROR` answer, whose `sign_information` shows the message the server checked.
 */
export function checkAuthorization(
  method: string,
  target: string,
  header: string | undefined,
  body: Buffer,
  ctx: AuthorizationContext,
): Reply | undefined {
  if (!header) return signError('authorization', 'the Authorization header is missing', method, target);
  const fields = parseAuthorization(header);
  if (!fields) {
    return signError(
      'authorization',
      `the Authorization header is not "${AUTH_SCHEME} mchid=…,serial_no=…,timestamp=…,nonce_str=…,signature=…"`,
      method,
      target,
    );
  }
  const message = signingMessage(method, target, fields.timestamp, fields.nonce_str, body);
  const fail = (issue: string) => signError('authorization', issue, method, target, message);
  if (fields.mchid !== ctx.mchid) return fail(`mchid ${fields.mchid} is not this merchant`);
  if (fields.serial_no !== ctx.serial) return fail(`serial_no ${fields.serial_no} is not the merchant certificate serial`);
  if (!/^\d{10}$/.test(fields.timestamp) || Math.abs(ctx.now - Number(fields.timestamp)) > 300) return fail('timestamp expired or invalid');
  if (!/^[0-9A-Za-z]{16,32}$/.test(fields.nonce_str)) return fail('nonce_str must be 16 to 32 letters or digits');
  if (!rsaVerify(message, fields.signature, ctx.publicKey)) return fail('signature does not match');
  if (ctx.nonces.has(fields.nonce_str)) return fail('nonce_str was used already (replay)');
  // Insertion order is time order: drop expired nonces from the front and stop at the first live one.
  for (const [nonce, seen] of ctx.nonces) {
    if (ctx.now - seen <= 300) break;
    ctx.nonces.delete(nonce);
  }
  ctx.nonces.set(fields.nonce_str, ctx.now);
  return undefined;
}

function signError(location: string, issue: string, method: string, url: string, message?: Buffer): Reply {
  const text = message?.toString('utf8') ?? '';
  return {
    status: 401,
    json: {
      code: 'SIGN_ERROR',
      message: `签名错误: ${issue}`,
      detail: {
        field: 'signature',
        location,
        issue,
        sign_information: {
          method,
          url,
          sign_message_length: message?.length ?? 0,
          truncated_sign_message: text.length > 64 ? `${text.slice(0, 64)}…` : text,
        },
      },
    },
  };
}
