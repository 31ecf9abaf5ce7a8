import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Builder, ConfigError, type ClientConfig } from 'wechatpay-ts';
import { fixture, MERCHANT_SERIAL, PUBLIC_KEY_ID } from '../support/fixtures.js';
import { capturing, signedAnswer } from '../support/v2-capture.js';

const SECRET = fixture('apiv2-key.txt').trim();
const SHORT_KEY = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const EC_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const V3 = { serial: MERCHANT_SERIAL, privateKey: fixture('merchant-key.pem'), certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') } };

function configError(config: Partial<ClientConfig>): ConfigError {
  try {
    Builder.factory({ mchid: '1900000001', ...config } as ClientConfig);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('no error');
}

describe('configuration of the APIv2 options', () => {
  it('secret alone makes an APIv2-only client; with the APIv3 options, both', () => {
    expect(Builder.factory({ mchid: '1900000001', secret: SECRET }).getDriver().stack.names).toContain('transform_request');
    expect(Builder.factory({ mchid: '1900000001', secret: SECRET, ...V3 }).getDriver().stack.names).toHaveLength(6);
  });

  it.each([
    ['no secret and no APIv3 keys: the APIv3 errors as before', {}, 'serial'],
    ['a short secret', { secret: 'short' }, 'secret'],
    ['a secret with a partial APIv3 configuration', { secret: SECRET, serial: MERCHANT_SERIAL }, 'privateKey'],
    ['a secret with a private key but no certs', { secret: SECRET, serial: MERCHANT_SERIAL, privateKey: V3.privateKey }, 'certs'],
    ['merchant of the wrong shape', { secret: SECRET, merchant: { cert: 'x' } as never }, 'merchant'],
    ['merchant with both forms', { secret: SECRET, merchant: { cert: 'x', key: 'y', pfx: new Uint8Array(1) } as never }, 'merchant'],
    ['merchant pfx as text', { secret: SECRET, merchant: { pfx: 'x' } as never }, 'merchant.pfx'],
    ['tls not an object', { secret: SECRET, tls: 'ca' as never }, 'tls'],
    [
      'a merchant key that is no PEM private key',
      { secret: SECRET, merchant: { cert: fixture('tls-client.pem'), key: 'not a key' } },
      'merchant.key',
    ],
    ['a 1024-bit merchant TLS key', { secret: SECRET, merchant: { cert: fixture('tls-client.pem'), key: SHORT_KEY } }, 'merchant.key'],
    ['an EC merchant TLS key', { secret: SECRET, merchant: { cert: fixture('tls-client.pem'), key: EC_KEY } }, 'merchant.key'],
  ])('%s', (_, config, option) => {
    const error = configError(config);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.field).toBe(option);
  });

  it('a wrong secret is never shown', () => {
    const error = configError({ secret: 'SECRET-VALUE-NOT-32' });
    expect(error.message).not.toContain('SECRET-VALUE');
  });

  it('the TLS material and the secret are never shown by the client', () => {
    const instance = Builder.factory({
      mchid: '1900000001',
      secret: SECRET,
      merchant: { cert: fixture('tls-client.pem'), key: fixture('tls-client-key.pem') },
    });
    const shown = `${inspect(instance.getDriver(), { depth: 5 })} ${JSON.stringify(instance.getDriver())}`;
    expect(shown).not.toContain('BEGIN');
    expect(shown).not.toContain(SECRET);
  });

  it('payParams of an APIv2-only client: ConfigError naming privateKey', () => {
    const instance = Builder.factory({ mchid: '1900000001', secret: SECRET });
    expect(() => instance.getDriver().payParams.jsapi({ appId: 'wx1', prepayId: 'p' })).toThrow(/^privateKey: /);
  });
});

describe('v2/ URLs', () => {
  it('the v2/ prefix is dropped, the base path kept', async () => {
    const { instance, sent } = capturing(() => signedAnswer(), { baseURL: 'https://apihk.mch.weixin.qq.com/hk/' });
    await instance.v2.secapi.pay.refund.postAsync({ xml: {}, security: false });
    await instance.chain('v2/pay/orderquery').postAsync({ xml: {} });
    expect(sent.map((request) => request.url.href)).toEqual([
      'https://apihk.mch.weixin.qq.com/hk/secapi/pay/refund',
      'https://apihk.mch.weixin.qq.com/hk/pay/orderquery',
    ]);
    expect(sent.map((request) => request.protocol)).toEqual(['v2', 'v2']);
  });
});
