import { describe, expect, it } from 'vitest';
import { Builder, VerificationError, type Client } from 'wechatpay-ts';
import { failure } from '../support/failures.js';
import { fixture, MERCHANT_SERIAL, PUBLIC_KEY_ID } from '../support/fixtures.js';
import { otherHost } from '../support/other-host.js';

// A server that answers every request with an unsigned 200: what a forger (or a file endpoint) sends.
const unsigned = otherHost();

function driver(base = ''): Client {
  const config = {
    mchid: '1900000001',
    serial: MERCHANT_SERIAL,
    privateKey: fixture('merchant-key.pem'),
    certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
  };
  return Builder.factory({ ...config, baseURL: `http://127.0.0.1:${unsigned.port}/${base}` }).getDriver();
}

describe('an unsigned answer is accepted only for the file endpoints the request was sent to', () => {
  it('a template that looks like an image download but climbs elsewhere is verified, in both modes', async () => {
    const client = driver();
    const path = 'v3/merchant-service/images/../../../v3/pay/transactions/id/4200000001';
    for (const error of [await failure(() => client.request('GET', path)), await failure(() => client.requestAsync('GET', path))]) {
      expect(error).toBeInstanceOf(VerificationError);
      expect(error).toMatchObject({ code: 'ERR_VERIFICATION_HEADERS', check: 'headers' });
    }
    // The template `{+name}` placeholder may hold a path too: what was sent counts, not the template's prefix.
    const nested = await failure(() => client.requestAsync('GET', 'v3/merchant-service/images/{+id}', { id: 'a/b' }));
    expect(nested).toBeInstanceOf(VerificationError);
    await client.close();
  });

  it('the bill file and complaint images are taken unsigned, under a base path too', async () => {
    const before = unsigned.counts().requests;
    for (const client of [driver(), driver('hk/')]) {
      expect(client.request('GET', 'v3/billdownload/file', { query: { token: 'x' } }).status).toBe(200);
      expect((await client.requestAsync('GET', 'v3/merchant-service/images/{media_id}', { media_id: 'ChsyMDIx+/=' })).status).toBe(200);
      // The image upload beside them is signed like any JSON answer.
      expect(await failure(() => client.requestAsync('POST', 'v3/merchant-service/images/upload', { body: '{}' }))).toBeInstanceOf(VerificationError);
      await client.close();
    }
    expect(unsigned.counts().requests - before).toBe(6);
  });
});
