import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';

const require = createRequire(import.meta.url);

/** `wechatpay-ts/0.1.0 undici/7.x node/20.x linux-x64`: WeChat Pay asks clients to name themselves. */
export function userAgent(): string {
  const own = (require('../../package.json') as { version: string }).version;
  const undici = (require('undici/package.json') as { version: string }).version;
  return `wechatpay-ts/${own} undici/${undici} node/${process.versions.node} ${platform()}-${arch()}`;
}
