import { loadPrivateKey } from '../crypto/load-key.js';
import type { KeyInput } from '../crypto/key-input.js';
import { checkOptions, requireKey } from './check-pay-input.js';
import type { AppPayInput, AppPayParams, JsapiPayInput, JsapiPayParams, MiniProgramPayParams, RsaKey } from './pay-params-types.js';
import { rsaApp, rsaJsapi } from './rsa-pay-params.js';
import { PayParamsV2 } from './v2-pay-params.js';

const FRESH = ['nonce', 'timestamp'] as const;

/**
 * The parameters a front end passes to WeChat's client SDK to pay an order, signed on the server. Each builder
 * returns exactly the object the SDK takes. APIv3 orders are signed with the merchant private key (`RSA`);
 * `PayParams.v2` signs APIv2 orders with the APIv2 key. A client built by `Builder.factory` offers the APIv3
 * builders with its own key as `getDriver().payParams`.
 */
export const PayParams = {
  /** For `WeixinJSBridge.invoke('getBrandWCPayRequest', params, …)` in a WeChat web page (JSAPI order). */
  jsapi(input: JsapiPayInput & RsaKey): JsapiPayParams {
    const options = checkOptions(input, 'PayParams.jsapi', ['appId', 'prepayId', 'privateKey', ...FRESH]);
    return rsaJsapi(options, () => privateKeyOf(options));
  },

  /** For `wx.requestPayment({ ...params, success, fail })` in a mini program (JSAPI order placed with the mini program's app id). */
  miniProgram(input: JsapiPayInput & RsaKey): MiniProgramPayParams {
    const options = checkOptions(input, 'PayParams.miniProgram', ['appId', 'prepayId', 'privateKey', ...FRESH]);
    const { appId: _, ...params } = rsaJsapi(options, () => privateKeyOf(options));
    return params;
  },

  /** For the APP SDK's `PayReq` (APP order). */
  app(input: AppPayInput & RsaKey): AppPayParams {
    const options = checkOptions(input, 'PayParams.app', ['appId', 'partnerId', 'prepayId', 'privateKey', ...FRESH]);
    return rsaApp(options, () => privateKeyOf(options));
  },

  /** The same for APIv2 orders, signed with the APIv2 key. */
  v2: PayParamsV2,
};

function privateKeyOf(options: Record<string, unknown>) {
  return loadPrivateKey(requireKey(options, 'privateKey') as KeyInput, 'privateKey');
}
