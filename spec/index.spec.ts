import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as api from 'wechatpay-ts';

describe('the package', () => {
  it('exports the documented API', () => {
    expect(Object.keys(api).sort()).toEqual([
      'AesEcb', 'AesGcm', 'ApiError', 'Bill', 'BillError', 'Builder', 'Certificate', 'CertificateError', 'Client', 'ConfigError', 'CryptoError', 'DownloadError', 'ERROR_CODES', 'Formatter', 'Hash',
      'MAX_CLOCK_SKEW', 'MiddlewareStack', 'Notification', 'NotificationError', 'ParameterError', 'PayParams', 'Rsa', 'STATEMENT_SHA1',
      'TransportError', 'UNSIGNED_V2_ENDPOINTS', 'V2Notification', 'V2_BILL_ENDPOINTS', 'VerificationError', 'WechatpayError',
      'WechatpayResponse', 'andThen', 'encryptor', 'fetchTransport', 'isUnsignedFile', 'sensitiveFields', 'signer', 'transformRequest', 'transformResponse',
      'tryThen', 'undiciTransport', 'verifier',
    ]);
    const errors = ['WechatpayError', 'ConfigError', 'ParameterError', 'VerificationError', 'ApiError', 'TransportError', 'CryptoError', 'NotificationError', 'BillError', 'DownloadError', 'CertificateError'] as const;
    for (const name of errors) {
      expect(api[name].name).toBe(name);
      expect(api[name] === api.WechatpayError || api[name].prototype instanceof api.WechatpayError).toBe(true);
    }
  });

  it('loads from CommonJS through require(esm), synchronous calls included', () => {
    const code = `
      const { Builder, ApiError } = require('wechatpay-ts');
      const { startSimulator } = require('wechatpay-ts/simulator');
      startSimulator({ worker: true }).then(async (simulator) => {
        const instance = Builder.factory(simulator.config);
        const response = instance.chain('v3/payscore/smartretail-orders/{out_order_no}/complete')
          .post({ out_order_no: 'CJS1', json: { appid: 'wxd678efh567hg6787', service_id: '500001', total_amount: 1 } });
        const missing = await instance.v3.nothing.getAsync().catch((error) => error);
        console.log(response.status, missing instanceof ApiError, missing.code);
        await simulator.close();
      });`;
    const out = execFileSync(process.execPath, ['-e', code], { cwd: process.cwd(), encoding: 'utf8', timeout: 20_000 });
    expect(out).toBe('200 true NOT_FOUND\n');
  });
});
