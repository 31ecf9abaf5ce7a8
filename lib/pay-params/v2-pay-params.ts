import { Hash } from '../crypto/hash.js';
import { loadSymmetricKey, type SymmetricKeyInput } from '../crypto/symmetric-key.js';
import { checkOptions, nonceOf, packageOf, requireId, requireKey, requirePrepayId, signTypeOf, timestampOf } from './check-pay-input.js';
import type { AppPayInput, AppPayParams, JsapiPayInput, JsapiPayParamsV2, MiniProgramPayParamsV2, V2Key } from './pay-params-types.js';

const FRESH = ['nonce', 'timestamp'] as const;

/** The front-end parameters of APIv2 orders, signed with the APIv2 key (`MD5` or `HMAC-SHA256`, uppercase hex). */
export const PayParamsV2 = {
  /** WeixinJSBridge: `paySign` over `appId, nonceStr, package, signType, timeStamp` (sorted, `&key=` appended). */
  jsapi(input: JsapiPayInput & V2Key): JsapiPayParamsV2 {
    return jsapi(checkOptions(input, 'PayParams.v2.jsapi', ['appId', 'prepayId', 'apiV2Key', 'signType', ...FRESH]));
  },

  /** `wx.requestPayment`: the JSAPI parameters without `appId`, which is still signed. */
  miniProgram(input: JsapiPayInput & V2Key): MiniProgramPayParamsV2 {
    const { appId: _, ...params } = jsapi(checkOptions(input, 'PayParams.v2.miniProgram', ['appId', 'prepayId', 'apiV2Key', 'signType', ...FRESH]));
    return params;
  },

  /** The APP SDK: `sign` over `appid, noncestr, package, partnerid, prepayid, timestamp`. */
  app(input: AppPayInput & V2Key): AppPayParams {
    const options = checkOptions(input, 'PayParams.v2.app', ['appId', 'partnerId', 'prepayId', 'apiV2Key', 'signType', ...FRESH]);
    const appid = requireId(options, 'appId');
    const partnerid = requireId(options, 'partnerId');
    const prepayid = requirePrepayId(options);
    const signType = signTypeOf(options);
    const key = loadSymmetricKey(requireKey(options, 'apiV2Key') as SymmetricKeyInput, 'apiV2Key');
    const timestamp = timestampOf(options);
    const noncestr = nonceOf(options);
    const fields = { appid, partnerid, prepayid, package: 'Sign=WXPay' as const, noncestr, timestamp };
    return { ...fields, sign: Hash.sign(signType, fields, key) };
  },
};

function jsapi(options: Record<string, unknown>): JsapiPayParamsV2 {
  const appId = requireId(options, 'appId');
  const pkg = packageOf(requirePrepayId(options));
  const signType = signTypeOf(options);
  const key = loadSymmetricKey(requireKey(options, 'apiV2Key') as SymmetricKeyInput, 'apiV2Key');
  const timeStamp = timestampOf(options);
  const nonceStr = nonceOf(options);
  const fields = { appId, timeStamp, nonceStr, package: pkg, signType };
  return { ...fields, paySign: Hash.sign(signType, fields, key) };
}
