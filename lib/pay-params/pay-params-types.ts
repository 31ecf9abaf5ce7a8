import type { KeyInput } from '../crypto/key-input.js';
import type { SymmetricKeyInput } from '../crypto/symmetric-key.js';

/** What `WeixinJSBridge.invoke('getBrandWCPayRequest', …)` takes, APIv3 (signed with the merchant private key). */
export interface JsapiPayParams {
  appId: string;
  /** Seconds since the epoch, as a string. */
  timeStamp: string;
  nonceStr: string;
  /** `prepay_id=…` */
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** What a mini program's `wx.requestPayment` takes, APIv3: the JSAPI parameters without `appId` (it is still signed). */
export type MiniProgramPayParams = Omit<JsapiPayParams, 'appId'>;

/** What the APP SDK's `PayReq` takes (APIv3 and APIv2 alike; only `sign` differs). */
export interface AppPayParams {
  appid: string;
  partnerid: string;
  prepayid: string;
  package: 'Sign=WXPay';
  noncestr: string;
  /** Seconds since the epoch, as a string. */
  timestamp: string;
  sign: string;
}

/** The APIv2 signature types; use the one your unified order (`sign_type`) used. */
export type V2SignType = 'MD5' | 'HMAC-SHA256';

/** The JSAPI parameters of an APIv2 order, signed with the APIv2 key. */
export interface JsapiPayParamsV2 {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: V2SignType;
  paySign: string;
}

/** `wx.requestPayment` for an APIv2 order. */
export type MiniProgramPayParamsV2 = Omit<JsapiPayParamsV2, 'appId'>;

/** Values a test or a retry may fix; by default a fresh 32-character nonce and the current time. */
export interface FreshValues {
  /** 1 to 32 letters or digits. */
  nonce?: string;
  /** Seconds since the epoch (not milliseconds), as a number or a string of digits. */
  timestamp?: number | string;
}

/** An order to pay in a web page or mini program. */
export interface JsapiPayInput extends FreshValues {
  /** The app id the order was placed with (the official account's, or the mini program's). */
  appId: string;
  /** The `prepay_id` of the order; the package form `prepay_id=…` is accepted too. */
  prepayId: string;
}

/** An order to pay in a mobile app. */
export interface AppPayInput extends FreshValues {
  /** The mobile app's id (from the Open Platform). */
  appId: string;
  /** The merchant id (`mchid`); in partner (service provider) mode, the one the official APP page of that mode asks for. */
  partnerId: string;
  prepayId: string;
}

export interface RsaKey {
  /** The merchant API private key (PEM text or bytes, a `KeyObject`, or a `file://` URL); pass a `KeyObject` when you build many. */
  privateKey: KeyInput;
}

export interface V2Key {
  /** The APIv2 key: the 32 characters set on the merchant platform, or a secret `KeyObject`. */
  apiV2Key: SymmetricKeyInput;
  /** Default `'MD5'`. */
  signType?: V2SignType;
}
