import { AesGcm } from '../../crypto/aes-gcm.js';
import { Certificate } from '../../crypto/certificate.js';
import { errorReply, type Reply } from '../reply.js';
import type { SimulatorKeys } from '../simulator-keys.js';

/** `GET v3/certificates`: 下载平台证书. */
export const CERTIFICATES = 'v3/certificates';

/**
 * Lists the platform certificates in service, each encrypted with the merchant's APIv3 key as WeChat Pay does.
 * A merchant in public key mode has none: `RESOURCE_NOT_EXISTS`.
 */
export function certificates(keys: SimulatorKeys): Reply {
  const listed = keys.platforms.filter((key) => key.certificate !== undefined);
  if (listed.length === 0) return errorReply(404, 'RESOURCE_NOT_EXISTS', '无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥');
  return {
    status: 200,
    json: {
      data: listed.map(({ serial, certificate }) => {
        const { validFrom, validTo } = Certificate.validity(certificate as string);
        const nonce = AesGcm.nonce();
        return {
          serial_no: serial,
          effective_time: rfc3339(validFrom),
          expire_time: rfc3339(validTo),
          encrypt_certificate: {
            algorithm: 'AEAD_AES_256_GCM',
            nonce,
            associated_data: 'certificate',
            ciphertext: AesGcm.encrypt(certificate as string, keys.apiV3Key, nonce, 'certificate'),
          },
        };
      }),
    },
  };
}

/** `2026-11-27T16:36:00+08:00`: WeChat Pay writes times in Beijing time. */
function rfc3339(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}
