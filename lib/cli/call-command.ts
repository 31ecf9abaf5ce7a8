import { Builder } from '../chain/builder.js';
import type { ChainNode } from '../types/chain-node.js';
import type { CallOptions } from '../types/call-options.js';
import { HTTP_METHODS, type HttpMethod } from '../types/http-method.js';
import { ParameterError } from '../errors/parameter-error.js';
import { cliConfig, type CliConfigSources } from './cli-config.js';

export interface CallCommandOptions extends CliConfigSources {
  method: string;
  data?: string;
  query?: string[];
  param?: string[];
  header?: string[];
  timeout?: string;
}

/**
 * `wechatpay <uri>`: one signed call from the shell. The uri is a slash path (`v3/pay/transactions/native`) or the
 * chain in dots (`v3.pay.transactions.native`, each part normalised as a property). Prints the status, the
 * verified body (pretty JSON) and the Request-ID.
 */
export async function callCommand(uri: string, options: CallCommandOptions, print: (line: string) => void): Promise<void> {
  const method = options.method.toUpperCase() as HttpMethod;
  if (!HTTP_METHODS.includes(method)) throw new ParameterError('--method', `must be one of ${HTTP_METHODS.join(', ')}`);
  const call: CallOptions = {};
  if (options.data !== undefined) {
    try {
      call.json = JSON.parse(options.data) as object;
    } catch {
      throw new ParameterError('--data', 'is not JSON');
    }
  }
  if (options.query?.length) call.query = Object.fromEntries(options.query.map((pair) => split(pair, '=', '--query')));
  if (options.header?.length) call.headers = Object.fromEntries(options.header.map((line) => split(line, ':', '--header')));
  for (const pair of options.param ?? []) {
    const [name, value] = split(pair, '=', '--param');
    call[name] = value;
  }
  if (options.timeout !== undefined) call.timeout = Number(options.timeout);

  const config = cliConfig(options);
  // No WeChat Pay key given but the APIv3 key: download the platform certificates, as `crt` does.
  const download = Object.keys(config.certs ?? {}).length === 0 && config.apiV3Key !== undefined;
  const instance = Builder.factory(download ? { ...config, platformCertificates: { interval: 2 ** 31 - 1 } } : config);
  try {
    // Any path: a `string` key or path reaches the loose (untyped) chain.
    const [first = '', ...rest] = uri.split('.');
    const node = uri.includes('/') ? instance.chain(uri) : rest.reduce<ChainNode>((at, part) => at[part] as ChainNode, instance[first] as ChainNode);
    const verb = `${method.toLowerCase()}Async` as `${Lowercase<HttpMethod>}Async`;
    const response = await node[verb](call);
    print(`HTTP ${response.status} ${method} ${node.toString()}`);
    const text = response.text();
    if (text) print(isJson(response.headers.get('Content-Type')) ? JSON.stringify(response.json(), null, 2) : text);
    print(`Request-ID: ${response.headers.get('Request-ID') ?? '-'}`);
  } finally {
    await instance.getDriver().close();
  }
}

function split(text: string, separator: string, option: string): [string, string] {
  const at = text.indexOf(separator);
  if (at <= 0) throw new ParameterError(option, `expects NAME${separator}VALUE, got ${text}`);
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

function isJson(contentType: string | null): boolean {
  return contentType?.includes('json') ?? false;
}
