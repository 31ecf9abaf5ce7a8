/** `wechatpay-ts/redis`: the store that lets a fleet of processes share callbacks handled and certificates downloaded. */
export { redisStore, type RedisLikeClient, type RedisStoreOptions } from './redis-store.js';
export type { WechatpayStore } from './store.js';
