import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from 'wechatpay-ts';

describe('the package', () => {
  it('exports the documented API', () => {
    expect(Object.keys(api).sort()).toEqual([
      'AesEcb',
      'AesGcm',
      'ApiError',
      'Bill',
      'BillError',
      'Builder',
      'CALL_CHANNEL',
      'CALL_CHANNELS',
      'Certificate',
      'CertificateError',
      'Client',
      'ConfigError',
      'CryptoError',
      'DEFAULT_RETRY',
      'DownloadError',
      'ERROR_CODES',
      'Formatter',
      'Hash',
      'HostHealth',
      'MAX_CLOCK_SKEW',
      'MiddlewareStack',
      'Notification',
      'NotificationError',
      'ParameterError',
      'PayParams',
      'RETRY_CHANNEL',
      'Rsa',
      'STATEMENT_SHA1',
      'TransportError',
      'UNSIGNED_V2_ENDPOINTS',
      'V2Notification',
      'V2_BILL_ENDPOINTS',
      'VerificationError',
      'WechatpayError',
      'WechatpayResponse',
      'andThen',
      'copyHeaders',
      'copyRequest',
      'encryptor',
      'fetchTransport',
      'isUnsignedFile',
      'retry',
      'sensitiveFields',
      'signer',
      'transformRequest',
      'transformResponse',
      'tryThen',
      'undiciTransport',
      'verifier',
    ]);
    const errors = [
      'WechatpayError',
      'ConfigError',
      'ParameterError',
      'VerificationError',
      'ApiError',
      'TransportError',
      'CryptoError',
      'NotificationError',
      'BillError',
      'DownloadError',
      'CertificateError',
    ] as const;
    for (const name of errors) {
      expect(api[name].name).toBe(name);
      expect(api[name] === api.WechatpayError || api[name].prototype instanceof api.WechatpayError).toBe(true);
    }
  });

  it('names the version of package.json: lib/version.ts is what scripts/write-version.mjs makes of it', () => {
    const script = fileURLToPath(new URL('../scripts/write-version.mjs', import.meta.url));
    const check = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8', timeout: 20_000 });
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
