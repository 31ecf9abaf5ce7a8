import { arch, platform } from 'node:os';
import { UNDICI_MAJOR, VERSION } from '../version.js';

/**
 * `wechatpay-ts/0.1.0 undici/7 node/20.19.0 linux-x64`: WeChat Pay asks clients to name themselves. The versions
 * are written in at build time (lib/version.ts), since a bundled program has no package.json to read.
 */
export function userAgent(): string {
  return `wechatpay-ts/${VERSION} undici/${UNDICI_MAJOR} node/${process.versions.node} ${platform()}-${arch()}`;
}
