// What the soak's callers share: the order they place, and how an outcome is named in the report.
import { WechatpayError } from 'wechatpay-ts';

/** A JSAPI order; its callback goes to `notifyURL` (the chaos proxy in front of the receivers). */
export function order(outTradeNo, mchid, notifyURL) {
  return {
    appid: 'wxd678efh567hg6787',
    mchid,
    description: 'Soak',
    out_trade_no: outTradeNo,
    notify_url: notifyURL,
    amount: { total: 100, currency: 'CNY' },
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  };
}

/**
 * `ApiError:SYSTEM_ERROR`, `TransportError:ERR_TRANSPORT_TIMEOUT`…: the class and its stable code. Anything that
 * is not a `WechatpayError` with a code is `PLAIN:` and its name, which breaks the soak's rule.
 */
export function describeError(error) {
  if (error instanceof WechatpayError && typeof error.code === 'string' && error.code !== '') return `${error.name}:${error.code}`;
  return `PLAIN:${error?.name ?? typeof error}`;
}
