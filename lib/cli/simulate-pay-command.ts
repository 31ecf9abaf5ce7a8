import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors/config-error.js';
import { ParameterError } from '../errors/parameter-error.js';
import { TransportError } from '../errors/transport-error.js';

export interface SimulatePayOptions {
  config?: string;
  baseUrl?: string;
  openid?: string;
  silent?: boolean;
}

/**
 * `wechatpay simulate pay OUT_TRADE_NO`: asks a running simulator (its control route `POST /__simulator/pay`) to play
 * the payer of an order, and prints the paid order and the callback's outcome. Answers whether the callback was
 * acknowledged (or not sent, with `--silent`).
 */
export async function simulatePayCommand(outTradeNo: string, options: SimulatePayOptions, print: (line: string) => void): Promise<boolean> {
  const base = options.baseUrl ?? process.env.WECHATPAY_BASE_URL ?? baseURLOf(options.config ?? process.env.WECHATPAY_CONFIG);
  let url: URL;
  try {
    url = new URL('__simulator/pay', base.endsWith('/') ? base : `${base}/`);
  } catch {
    throw new ConfigError('--base-url', `${base} is not a URL`);
  }
  const body = JSON.stringify({ outTradeNo, ...(options.openid && { openid: options.openid }), ...(options.silent && { silent: true }) });
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  } catch (error) {
    throw new TransportError('network', `the simulator at ${url.origin} could not be reached`, { cause: error });
  }
  const answer = (await response.json().catch(() => ({}))) as {
    message?: string;
    parameter?: string;
    orders?: unknown[];
    callback?: { acknowledged: boolean; attempts: unknown[] };
  };
  if (!response.ok)
    throw new ParameterError(
      answer.parameter ?? 'outTradeNo',
      answer.message?.replace(`${answer.parameter}: `, '') ?? `the simulator answered HTTP ${response.status}`,
    );
  print(JSON.stringify(answer, null, 2));
  return answer.callback === undefined || answer.callback.acknowledged;
}

function baseURLOf(path: string | undefined): string {
  if (!path)
    throw new ConfigError('--config', 'or --base-url is required: the file `wechatpay simulate --config-out FILE` wrote, or the simulator URL');
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as { baseURL?: unknown };
    if (typeof file.baseURL === 'string') return file.baseURL;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError('--config', code ? `cannot read ${path}: ${code}` : `${path} is not a JSON object`);
  }
  throw new ConfigError('--config', `${path} has no baseURL: write it with wechatpay simulate --config-out`);
}
