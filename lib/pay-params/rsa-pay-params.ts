import type { KeyObject } from 'node:crypto';
import { signingMessage } from '../crypto/message.js';
import { rsaSign } from '../crypto/rsa-signature.js';
import { nonceOf, packageOf, requireId, requirePrepayId, timestampOf } from './check-pay-input.js';
import type { AppPayParams, JsapiPayParams } from './pay-params-types.js';

/** Where fresh values come from when the options do not fix them. */
export interface FreshSource {
  clock?: () => number;
  nonce?: () => string;
}

/** APIv3 JSAPI / mini program: SHA256withRSA over `appId\ntimeStamp\nnonceStr\npackage\n`. */
export function rsaJsapi(options: Record<string, unknown>, privateKey: () => KeyObject, fresh: FreshSource = {}): JsapiPayParams {
  const appId = requireId(options, 'appId');
  const pkg = packageOf(requirePrepayId(options));
  const key = privateKey();
  const timeStamp = timestampOf(options, fresh.clock);
  const nonceStr = nonceOf(options, fresh.nonce);
  const paySign = rsaSign(signingMessage(appId, timeStamp, nonceStr, pkg), key);
  return { appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
}

/** APIv3 APP: SHA256withRSA over `appid\ntimestamp\nnoncestr\nprepayid\n`. */
export function rsaApp(options: Record<string, unknown>, privateKey: () => KeyObject, fresh: FreshSource = {}): AppPayParams {
  const appid = requireId(options, 'appId');
  const partnerid = requireId(options, 'partnerId');
  const prepayid = requirePrepayId(options);
  const key = privateKey();
  const timestamp = timestampOf(options, fresh.clock);
  const noncestr = nonceOf(options, fresh.nonce);
  const sign = rsaSign(signingMessage(appid, timestamp, noncestr, prepayid), key);
  return { appid, partnerid, prepayid, package: 'Sign=WXPay', noncestr, timestamp, sign };
}
