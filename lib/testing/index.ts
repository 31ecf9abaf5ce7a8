export { createWechatpayMock } from './create-wechatpay-mock.js';
export { signedResponse, type SigningPlatform } from './signed-response.js';
export type { CallbackHandler, MockFetch, MockNotifyOptions, SignedResponseOptions, WechatpayMock, WechatpayMockOptions } from './mock-types.js';
export type {
  CallbackOutcome,
  FaultRule,
  LedgerOrder,
  LedgerRefund,
  PayOptions,
  PayResult,
  SettleRefundOptions,
  SettleRefundResult,
} from '../simulator/index.js';
