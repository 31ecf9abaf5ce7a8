import { createCipheriv, randomBytes, sign, type KeyObject } from 'node:crypto';

export interface HandSigned {
  body: string;
  headers: Record<string, string>;
}

/**
 * A callback made here with node:crypto alone, independently of the package: AES-256-GCM over the resource,
 * SHA256withRSA over `TIMESTAMP\nNONCE\nBODY\n`. `envelope` replaces envelope fields; `body` replaces the whole body;
 * the signature always covers what is sent.
 */
export function handSigned(options: {
  privateKey: KeyObject;
  serial: string;
  apiV3Key: string;
  resource?: unknown;
  plaintext?: string;
  nonce?: string;
  associatedData?: string;
  /** Replaces fields of `resource` after encryption. */
  resourceFields?: Record<string, unknown>;
  envelope?: Record<string, unknown>;
  body?: string;
  timestamp?: number;
}): HandSigned {
  const nonce = options.nonce ?? 'fdasflkja484';
  const associatedData = options.associatedData ?? 'transaction';
  const plaintext = options.plaintext ?? JSON.stringify(options.resource ?? { out_trade_no: 'T1', amount: { total: 100, currency: 'CNY' } });
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(options.apiV3Key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  const envelope = {
    id: 'EV-2018022511223320873',
    create_time: '2015-05-20T13:29:35+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext,
      associated_data: associatedData,
      nonce,
      ...options.resourceFields,
    },
    ...options.envelope,
  };
  // Spaces after the colons, as no JSON.stringify writes them: re-serialising the body would change its bytes.
  const body = options.body ?? JSON.stringify(envelope).replace(/":/g, '": ');
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const headerNonce = randomBytes(16).toString('hex');
  const signature = sign('sha256', Buffer.from(`${timestamp}\n${headerNonce}\n${body}\n`), options.privateKey).toString('base64');
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'Request-ID': '08F78BB5AF0D11EDA1DE5254006F0A5C',
      'Wechatpay-Nonce': headerNonce,
      'Wechatpay-Serial': options.serial,
      'Wechatpay-Signature': signature,
      'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
      'Wechatpay-Timestamp': timestamp,
    },
  };
}
