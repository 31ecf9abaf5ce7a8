import type { WechatpayStore } from 'wechatpay-ts';

/** A store whose every operation fails with `error`, as an unreachable Redis would. */
export function failingStore(error: Error): WechatpayStore {
  return {
    claim: () => Promise.reject(error),
    get: () => Promise.reject(error),
    set: () => Promise.reject(error),
    delete: () => Promise.reject(error),
  };
}
