import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ApiError, VerificationError, WechatpayResponse } from 'wechatpay-ts';
import { capturing, EXAMPLE_KEY, EXAMPLE_MCHID, independentSign, plainXml, signedAnswer } from '../support/v2-capture.js';

const CALL = { xml: { mch_id: EXAMPLE_MCHID, body: 'test' } };

async function failure(answer: string | Uint8Array | WechatpayResponse, path: 'micropay' | 'downloadbill' = 'micropay'): Promise<unknown> {
  const { instance } = capturing(() => answer);
  return instance.v2.pay[path].postAsync(CALL).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('transform_response: a verified answer', () => {
  it('a signed SUCCESS answer passes, and xml() parses it', async () => {
    const { instance } = capturing(() => signedAnswer({ transaction_id: '4200000001', attach: '' }));
    const response = await instance.v2.pay.micropay.postAsync(CALL);
    expect(response.xml()).toEqual({
      return_code: 'SUCCESS',
      return_msg: 'OK',
      mch_id: EXAMPLE_MCHID,
      nonce_str: 'answerNonce',
      result_code: 'SUCCESS',
      transaction_id: '4200000001',
      attach: '',
      sign: independentSign(
        {
          return_code: 'SUCCESS',
          return_msg: 'OK',
          mch_id: EXAMPLE_MCHID,
          nonce_str: 'answerNonce',
          result_code: 'SUCCESS',
          transaction_id: '4200000001',
        },
        EXAMPLE_KEY,
      ),
    });
  });

  it('CDATA and escaped text are read back as the signed values', async () => {
    const fields = { return_code: 'SUCCESS', result_code: 'SUCCESS', body: '<b>&测试', attach: 'a]]>b' };
    const sign = independentSign(fields, EXAMPLE_KEY);
    const xml = `<xml><return_code>SUCCESS</return_code><result_code>SUCCESS</result_code><body><![CDATA[<b>&测试]]></body><attach>a]]&gt;b</attach><sign>${sign}</sign></xml>`;
    const { instance } = capturing(() => xml);
    expect((await instance.v2.pay.micropay.postAsync(CALL)).xml().attach).toBe('a]]>b');
  });

  it('the answer of an HMAC-SHA256 call is checked with HMAC-SHA256', async () => {
    const { instance } = capturing(() => signedAnswer({}, 'HMAC-SHA256'));
    await expect(instance.v2.pay.micropay.postAsync({ xml: { ...CALL.xml, sign_type: 'HMAC-SHA256' } })).resolves.toBeInstanceOf(WechatpayResponse);
    // An MD5-signed answer to an HMAC-SHA256 call (a downgrade) is refused.
    const md5 = capturing(() => signedAnswer());
    await expect(md5.instance.v2.pay.micropay.postAsync({ xml: { ...CALL.xml, sign_type: 'HMAC-SHA256' } })).rejects.toThrow(VerificationError);
  });

  it('the APIv3 middleware leaves APIv2 answers alone (no Wechatpay-* headers needed)', async () => {
    const { instance } = capturing(() => signedAnswer());
    expect((await instance.v2.pay.micropay.postAsync(CALL)).status).toBe(200);
  });
});

describe('transform_response: failures', () => {
  it('return_code FAIL: an ApiError with return_msg and the payload', async () => {
    const error = (await failure(plainXml({ return_code: 'FAIL', return_msg: '签名错误' }))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('FAIL');
    expect(error.message).toBe('FAIL: 签名错误');
    expect(error.payload).toEqual({ return_code: 'FAIL', return_msg: '签名错误' });
  });

  it('result_code FAIL (signed): an ApiError carrying err_code, err_code_des and the payload', async () => {
    const error = (await failure(signedAnswer({ result_code: 'FAIL', err_code: 'USERPAYING', err_code_des: '需要用户输入支付密码' }))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect([error.code, error.errCode, error.errCodeDes]).toEqual(['USERPAYING', 'USERPAYING', '需要用户输入支付密码']);
    expect(error.payload?.result_code).toBe('FAIL');
    expect(error.message).toBe('USERPAYING: 需要用户输入支付密码');
  });

  it('result_code FAIL with a bad sign is a VerificationError, not an ApiError', async () => {
    const forged = plainXml({ return_code: 'SUCCESS', result_code: 'FAIL', err_code: 'ORDERPAID', sign: 'F'.repeat(32) });
    expect(await failure(forged)).toBeInstanceOf(VerificationError);
  });

  it.each([
    ['a changed field', signedAnswer({ total_fee: '1' }).replace('<total_fee>1<', '<total_fee>100<')],
    ['no sign', plainXml({ return_code: 'SUCCESS', result_code: 'SUCCESS' })],
    ['a lowercase sign', signedAnswer().replace(/<sign>(\w+)<\/sign>/, (_, sign: string) => `<sign>${sign.toLowerCase()}</sign>`)],
  ])('a bad response sign (%s): VerificationError', async (_, answer) => {
    const error = (await failure(answer)) as VerificationError;
    expect(error).toBeInstanceOf(VerificationError);
    expect(error.reason).toBe('signature');
  });

  it('a non-2xx status: ApiError', async () => {
    const error = await failure(new WechatpayResponse(503, new Headers(), new TextEncoder().encode('Service Unavailable')));
    expect((error as ApiError).status).toBe(503);
  });
});

describe('transform_response: hostile XML is refused before use', () => {
  it.each([
    ['a DOCTYPE with an entity', `<!DOCTYPE xml [<!ENTITY boom "BOOM">]><xml><return_code>SUCCESS</return_code><a>&boom;</a></xml>`],
    ['an external entity', `<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><xml><return_code>SUCCESS</return_code></xml>`],
    ['a billion laughs', `<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><xml><return_code>&b;</return_code></xml>`],
    ['a huge document', `<xml><return_code>SUCCESS</return_code><pad>${'x'.repeat(300 * 1024)}</pad></xml>`],
    ['malformed XML', '<xml><return_code>SUCCESS</return_code>'],
    ['two roots', '<xml><a>1</a></xml><xml><a>2</a></xml>'],
    ['a nested element', '<xml><return_code>SUCCESS</return_code><a><b>1</b></a></xml>'],
    ['30,000 nested elements', `<xml>${'<a>'.repeat(30_000)}${'</a>'.repeat(30_000)}</xml>`],
    ['an element named __proto__', '<xml><return_code>SUCCESS</return_code><__proto__>x</__proto__></xml>'],
    ['an element named __proto__ holding one', '<xml><__proto__><polluted>1</polluted></__proto__></xml>'],
    ['an element named constructor', '<xml><return_code>SUCCESS</return_code><constructor>x</constructor></xml>'],
    ['a root named __proto__', '<__proto__><return_code>SUCCESS</return_code></__proto__>'],
    ['a DOCTYPE after a CDATA section', '<xml><a><![CDATA[x]]></a></xml><!DOCTYPE x>'],
  ])('%s: VerificationError (xml)', async (_, answer) => {
    const error = (await failure(answer)) as VerificationError;
    expect(error).toBeInstanceOf(VerificationError);
    expect(error).toMatchObject({ reason: 'xml', code: 'ERR_VERIFICATION_XML', status: 200 });
    expect({}.constructor).toBe(Object);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['a CDATA section', '<![CDATA[<!DOCTYPE html><html>页面</html>]]>', '<!DOCTYPE html><html>页面</html>'],
    ['escaped text', '&lt;!DOCTYPE html&gt;', '<!DOCTYPE html>'],
  ])('a signed answer holding <!DOCTYPE as data in %s is accepted: only markup is refused', async (_, written, value) => {
    const fields = { return_code: 'SUCCESS', result_code: 'SUCCESS', attach: value };
    const xml = `<xml><return_code>SUCCESS</return_code><result_code>SUCCESS</result_code><attach>${written}</attach><!-- <!DOCTYPE in a comment --><sign>${independentSign(fields, EXAMPLE_KEY)}</sign></xml>`;
    const { instance } = capturing(() => xml);
    const response = await instance.v2.pay.micropay.postAsync(CALL);
    expect(response.xml().attach).toBe(value);
  });

  it('unknown entity references stay literal text (never expanded)', async () => {
    const fields = { return_code: 'SUCCESS', result_code: 'SUCCESS', a: '&boom;' };
    const xml = `<xml><return_code>SUCCESS</return_code><result_code>SUCCESS</result_code><a>&boom;</a><sign>${independentSign(fields, EXAMPLE_KEY)}</sign></xml>`;
    const { instance } = capturing(() => xml);
    expect((await instance.v2.pay.micropay.postAsync(CALL)).xml().a).toBe('&boom;');
  });
});

describe('bills: CSV or gzip with data, XML on error', () => {
  it('CSV passes as it is (bills are unsigned)', async () => {
    const csv = '交易时间,公众账号ID\r\n`2026-11-26 10:15:00,`wx2421b1c4370ec43b\r\n';
    const { instance } = capturing(() => csv);
    expect((await instance.v2.pay.downloadbill.postAsync(CALL)).text()).toBe(csv);
  });

  it('gzip passes as bytes', async () => {
    const gzip = gzipSync('交易时间\r\n');
    const { instance } = capturing(() => new Uint8Array(gzip));
    expect(Buffer.from((await instance.v2.pay.downloadbill.postAsync(CALL)).body)).toEqual(gzip);
  });

  it('an XML error: ApiError', async () => {
    const error = (await failure(plainXml({ return_code: 'FAIL', return_msg: 'No Bill Exist', error_code: '20002' }), 'downloadbill')) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('FAIL: No Bill Exist');
  });

  it('unsigned endpoints (red packets) pass without sign', async () => {
    const { instance } = capturing(() => plainXml({ return_code: 'SUCCESS', result_code: 'SUCCESS', send_listid: '1000041701201411' }));
    const response = await instance.v2.mmpaymkttransfers.sendredpack.postAsync({ xml: { mch_id: EXAMPLE_MCHID }, security: false });
    expect(response.xml().send_listid).toBe('1000041701201411');
  });
});
