import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  BillError,
  Builder,
  CertificateError,
  ConfigError,
  CryptoError,
  DownloadError,
  NotificationError,
  ParameterError,
  TransportError,
  VerificationError,
  WechatpayError,
  WechatpayResponse,
  type Transport,
} from 'wechatpay-ts';
import { rejection } from '../support/failures.js';
import { MCHID, PUBLIC_KEY_ID, SERIAL, merchant, platform, signedHeaders } from '../support/msw-wechatpay.js';
import { capturing, EXAMPLE_KEY, EXAMPLE_MCHID, signedAnswer } from '../support/v2-capture.js';

/** A client whose transport answers every call with `status` and `body`, signed by the platform key as WeChat Pay signs. */
function answering(status: number, body: string, headers: Record<string, string> = {}) {
  const signed = signedHeaders(body);
  const transport: Transport = {
    name: 'canned',
    send: async () =>
      new WechatpayResponse(
        status,
        new Headers({ 'Content-Type': 'application/json', 'Request-ID': 'REQ-1', ...signed, ...headers }),
        new TextEncoder().encode(body),
      ),
    close: async () => {},
  };
  const instance = Builder.factory<'untyped'>({
    mchid: MCHID,
    serial: SERIAL,
    privateKey: merchant.privateKey,
    certs: { [PUBLIC_KEY_ID]: platform.publicKey },
    transport,
  });
  return { instance, signature: signed['Wechatpay-Signature'] as string };
}

/** Everything a log could show of an error. */
const shown = (error: unknown) =>
  [String(error), JSON.stringify(error), inspect(error, { depth: 10 }), JSON.stringify({ ...(error as object) })].join('\n');

describe('ApiError in a log', () => {
  const detail = { field: 'out_trade_no', sign_information: { url: '/v3/billdownload/file?token=SECRET-TOKEN&tartype=gzip' } };
  const body = JSON.stringify({ code: 'PARAM_ERROR', message: '参数错误', detail, padding: 'x'.repeat(3000) });

  it('JSON.stringify gives WeChat Pay\'s error and the body as text cut at 2 KiB, never its bytes as {"0":…}', async () => {
    const { instance } = answering(400, body);
    const error = (await rejection(instance.v3.pay.transactions.native.postAsync({ json: { a: 1 } }))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toEqual({
      name: 'ApiError',
      code: 'PARAM_ERROR',
      message: 'PARAM_ERROR: 参数错误 (Request-ID REQ-1)',
      status: 400,
      requestId: 'REQ-1',
      verified: true,
      wechatpay: {
        code: 'PARAM_ERROR',
        message: '参数错误',
        detail: { field: 'out_trade_no', sign_information: { url: '/v3/billdownload/file?token=…&tartype=…' } },
      },
      body: expect.any(String),
    });
    const text = json.body as string;
    expect(
      text.startsWith(
        '{"code":"PARAM_ERROR","message":"参数错误","detail":{"field":"out_trade_no","sign_information":{"url":"/v3/billdownload/file?token=…&tartype=…"}}',
      ),
    ).toBe(true);
    expect(text.endsWith(`… [${Buffer.byteLength(body) - 2048} more bytes]`)).toBe(true);
    expect(JSON.stringify(error)).not.toMatch(/"0":/);
  });

  it('shows no signature, token or response bytes, printed, serialised or spread; the fields stay on the error', async () => {
    const { instance, signature } = answering(400, body);
    const error = (await rejection(instance.v3.pay.transactions.native.postAsync({ json: { a: 1 } }))) as ApiError;
    const text = shown(error);
    expect(text).not.toContain(signature);
    expect(text).not.toContain('SECRET-TOKEN');
    expect(text).not.toMatch(/Uint8Array|Wechatpay-Signature|wechatpay-signature/);
    expect(text).toContain('PARAM_ERROR');
    expect(Object.keys(error)).not.toContain('response');
    expect(error.response.status).toBe(400);
    expect(error.response.headers.get('Wechatpay-Signature')).toBe(signature);
    expect(error.detail).toEqual({ ...detail, sign_information: { url: '/v3/billdownload/file?token=…&tartype=…' } });
    expect(error.response.json()).toMatchObject({ detail });
  });

  it("an APIv2 failure: err_code and err_code_des, and never the answer's sign", async () => {
    const answer = signedAnswer({ result_code: 'FAIL', err_code: 'USERPAYING', err_code_des: '需要用户输入支付密码' });
    const sign = /<sign>([^<]+)<\/sign>/.exec(answer)?.[1] as string;
    const { instance } = capturing(() => answer);
    const error = (await rejection(instance.v2.pay.micropay.postAsync({ xml: { mch_id: EXAMPLE_MCHID, body: 'test' } }))) as ApiError;
    expect(error.toJSON()).toMatchObject({
      name: 'ApiError',
      code: 'USERPAYING',
      errCode: 'USERPAYING',
      errCodeDes: '需要用户输入支付密码',
      wechatpay: { code: 'USERPAYING', message: '需要用户输入支付密码' },
    });
    expect(error.toJSON().body).toMatch(/<sign>…<\/sign>/);
    expect(shown(error)).not.toContain(sign);
    expect(shown(error)).not.toContain(EXAMPLE_KEY);
    expect(error.payload?.sign).toBe(sign);
  });
});

describe('response.json() and response.xml() on a body that is not what they read', () => {
  it('are a VerificationError (json, xml) with the status and Request-ID, never quoting the body', async () => {
    const { instance } = answering(200, 'not json: SECRET-CUSTOMER-DATA', { 'Content-Type': 'text/plain' });
    const response = await instance.v3.pay.transactions.id._id_.getAsync({ id: '42' });
    let error: unknown;
    try {
      response.json();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(VerificationError);
    expect(error).toMatchObject({
      reason: 'json',
      code: 'ERR_VERIFICATION_JSON',
      status: 200,
      requestId: 'REQ-1',
      message: expect.stringMatching(/^the answer's body is not JSON \(30 bytes, text\/plain\)/),
    });
    expect(shown(error)).not.toContain('SECRET-CUSTOMER-DATA');
    expect(() => response.xml()).toThrow(
      expect.objectContaining({ name: 'VerificationError', code: 'ERR_VERIFICATION_XML', status: 200, requestId: 'REQ-1' }),
    );
  });
});

describe('every class', () => {
  const cause = Object.assign(new Error('connect ECONNREFUSED for https://user:pw@api.mch.weixin.qq.com/v3/billdownload/file?token=SECRET-TOKEN'), {
    code: 'ECONNREFUSED',
  });
  const cases: Array<[WechatpayError, Record<string, unknown>]> = [
    [
      new ConfigError('timeout', 'must be positive'),
      { name: 'ConfigError', code: 'ERR_CONFIG', message: 'timeout: must be positive', field: 'timeout' },
    ],
    [new ParameterError('out_order_no', 'is missing'), { name: 'ParameterError', code: 'ERR_PARAMETER', field: 'out_order_no' }],
    [
      new VerificationError('serial', 'unknown', { status: 200, requestId: 'R' }),
      { name: 'VerificationError', code: 'ERR_VERIFICATION_SERIAL', reason: 'serial', status: 200, requestId: 'R' },
    ],
    [new TransportError('network', 'failed', { cause }), { name: 'TransportError', code: 'ERR_TRANSPORT_NETWORK', reason: 'network' }],
    [new CryptoError('decrypt', 'failed'), { name: 'CryptoError', code: 'ERR_CRYPTO_DECRYPT', reason: 'decrypt' }],
    [
      new NotificationError('size', 'too large', { requestId: 'R' }),
      { name: 'NotificationError', code: 'ERR_NOTIFICATION_SIZE', reason: 'size', requestId: 'R' },
    ],
    [
      new DownloadError('hash', 'mismatch', { expected: 'aa', actual: 'bb' }),
      { name: 'DownloadError', code: 'ERR_DOWNLOAD_HASH', reason: 'hash', expected: 'aa', actual: 'bb' },
    ],
    [
      new BillError('column_count', 4, 'x'),
      { name: 'BillError', code: 'ERR_BILL_COLUMN_COUNT', message: 'line 4: x', reason: 'column_count', line: 4 },
    ],
    [new CertificateError('decrypt', 'x'), { name: 'CertificateError', code: 'ERR_CERTIFICATE_DECRYPT', reason: 'decrypt' }],
  ];

  it.each(cases)('%s: toJSON gives name, code, message and reason or field', (error, expected) => {
    expect(error).toBeInstanceOf(WechatpayError);
    expect(error.toJSON()).toMatchObject(expected);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject(expected);
  });

  it('the cause is summarised: name, code, message, its URL credentials and query values left out', () => {
    const error = new TransportError('network', 'GET https://api.mch.weixin.qq.com/v3/billdownload/file?token=… failed: ECONNREFUSED', { cause });
    expect(error.toJSON().cause).toEqual({
      name: 'Error',
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED for https://api.mch.weixin.qq.com/v3/billdownload/file?token=…',
    });
    expect(JSON.stringify(error)).not.toMatch(/SECRET-TOKEN|user:pw/);
    // inspect keeps the cause itself (its stack is what a developer needs), as node does.
    expect(inspect(error)).toMatch(
      /^TransportError: GET .* failed: ECONNREFUSED\n {4}at [\s\S]*code: 'ERR_TRANSPORT_NETWORK',\s+reason: 'network',\s+cause: Error: connect ECONNREFUSED/,
    );
  });
});

describe('the old field names still work, deprecated', () => {
  it('option, parameter, check, failure and problem read the new fields, and no log shows them twice', () => {
    const config = new ConfigError('timeout', 'x');
    const parameter = new ParameterError('json', 'x');
    const verification = new VerificationError('digest', 'x');
    const crypto = new CryptoError('pkcs1_refused', 'x');
    const download = new DownloadError('not_gzip', 'x');
    const bill = new BillError('no_summary', 3, 'x');
    expect([config.option, parameter.parameter, verification.check, crypto.failure, download.problem, bill.problem]).toEqual([
      'timeout',
      'json',
      'digest',
      'pkcs1_refused',
      'not_gzip',
      'no_summary',
    ]);
    for (const error of [config, parameter, verification, crypto, download, bill]) {
      expect(Object.keys(error).filter((key) => ['option', 'parameter', 'check', 'failure', 'problem'].includes(key))).toEqual([]);
      expect(Object.keys(error.toJSON())).not.toContain('check');
    }
  });
});
