import { describe, expect, it } from 'vitest';
import { ApiError, VerificationError, type CallOptions, type WechatpayResponse } from 'wechatpay-ts';
import { failure } from '../support/failures.js';
import { scriptedServer } from '../support/scripted-server.js';

type Mode = 'sync' | 'async';
const MODES: Mode[] = ['sync', 'async'];

const env = scriptedServer();

async function answer(mode: Mode, query: Record<string, string>, options: CallOptions = {}): Promise<WechatpayResponse> {
  const node = env.instance.chain('v3/script/answer');
  return mode === 'sync' ? node.get({ query, ...options }) : node.getAsync({ query, ...options });
}

describe.each(MODES)('the Wechatpay-Signature of an answer (%s)', (mode) => {
  it('is accepted as one canonical base64 value', async () => {
    const response = await answer(mode, {});
    expect(response.json()).toEqual({ ok: true });
  });

  it.each([
    ['twice (a valid value, then junk: Headers joins them with ", ")', 'dup'],
    ['with junk after the padding', 'junk'],
    ['without its padding', 'unpadded'],
  ])('is refused when it comes %s', async (_, sign) => {
    const error = await failure(() => answer(mode, { sign }));
    expect(error).toBeInstanceOf(VerificationError);
    expect(error).toMatchObject({ check: 'signature', status: 200, code: 'ERR_VERIFICATION_SIGNATURE' });
    expect((error as Error).message).toMatch(/one base64 value of 256 bytes \(344 characters\)/);
  });
});

describe.each(MODES)('an error answer (%s)', (mode) => {
  const claim = JSON.stringify({ code: 'ORDER_NOT_EXIST', message: '订单不存在', detail: { field: 'out_trade_no' } });

  it("signed and verified, is an ApiError with WeChat Pay's code", async () => {
    const error = await failure(() => answer(mode, { status: '404', body: claim }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST', verified: true, unverified: undefined, detail: { field: 'out_trade_no' } });
    expect((error as Error).message).toBe('ORDER_NOT_EXIST: 订单不存在 (Request-ID SCRIPTED0000000000000000000000001)');
  });

  it.each([
    ['unsigned', 'none', 'headers'],
    ['signed over other bytes', 'bad', 'signature'],
    ['signed twice', 'dup', 'signature'],
  ])('%s, is an ApiError HTTP_<status> that keeps the claim apart', async (_, sign, check) => {
    const error = await failure(() => answer(mode, { status: '404', body: claim, sign }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 404,
      code: 'HTTP_404',
      verified: false,
      detail: undefined,
      unverified: { code: 'ORDER_NOT_EXIST', message: '订单不存在', detail: { field: 'out_trade_no' } },
    });
    expect((error as Error).message).toBe(
      "HTTP_404: HTTP status 404, not verified as WeChat Pay's; it claims ORDER_NOT_EXIST (see unverified) (Request-ID SCRIPTED0000000000000000000000001)",
    );
    expect((error as Error).cause).toBeInstanceOf(VerificationError);
    expect((error as Error).cause).toMatchObject({ check, status: 404 });
  });

  it("unsigned and not JSON (a gateway's 502 page), is an ApiError HTTP_502 claiming nothing", async () => {
    const error = await failure(() => answer(mode, { status: '502', body: '<html>Bad Gateway</html>', sign: 'none' }));
    expect(error).toMatchObject({ name: 'ApiError', status: 502, code: 'HTTP_502', verified: false, unverified: undefined });
    expect((error as Error).message).toBe("HTTP_502: HTTP status 502, not verified as WeChat Pay's (Request-ID SCRIPTED0000000000000000000000001)");
  });

  it('does not name a claimed code that is not one', async () => {
    const error = await failure(() => answer(mode, { status: '400', body: JSON.stringify({ code: 'PARAM_ERROR\nforged log line' }), sign: 'none' }));
    expect(error).toMatchObject({ code: 'HTTP_400', unverified: { code: 'PARAM_ERROR\nforged log line' } });
    expect((error as Error).message).not.toContain('forged');
  });
});
