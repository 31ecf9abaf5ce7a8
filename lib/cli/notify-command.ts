import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors/config-error.js';
import { sendNotification } from '../simulator/send-notification.js';
import { safeUrl } from '../utils/safe-url.js';
import type { SimulatorConfigFile } from './serve-simulator.js';

export interface NotifyCommandOptions {
  to: string;
  config?: string;
  resource?: string;
}

/**
 * `wechatpay simulate notify EVENT --to URL`: sends one callback, encrypted with the APIv3 key and signed with the
 * platform key of the configuration `simulate --config-out` wrote, and prints what the receiver answered.
 */
export async function notifyCommand(eventType: string, options: NotifyCommandOptions, print: (line: string) => void): Promise<boolean> {
  const path = options.config ?? process.env.WECHATPAY_CONFIG;
  if (!path) throw new ConfigError('--config', 'is required: the file `wechatpay simulate --config-out FILE` wrote (or WECHATPAY_CONFIG)');
  const file = readConfig(path);
  let resource: Record<string, unknown> | undefined;
  if (options.resource !== undefined) {
    try {
      resource = JSON.parse(options.resource) as Record<string, unknown>;
    } catch {
      throw new ConfigError('--resource', 'is not JSON');
    }
  }
  const delivery = await sendNotification(eventType, { to: options.to, apiV3Key: file.apiV3Key, platform: file.simulator.platform, resource });
  print(`${eventType} → ${safeUrl(options.to)}: HTTP ${delivery.status}`);
  if (delivery.body) print(delivery.body);
  return delivery.status >= 200 && delivery.status < 300;
}

function readConfig(path: string): SimulatorConfigFile {
  let file: SimulatorConfigFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as SimulatorConfigFile;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError('--config', code ? `cannot read ${path}: ${code}` : `${path} is not a JSON object`);
  }
  if (typeof file?.apiV3Key !== 'string' || typeof file.simulator?.platform?.privateKey !== 'string') {
    throw new ConfigError('--config', `${path} has no apiV3Key and simulator.platform: write it with wechatpay simulate --config-out`);
  }
  return file;
}
