import { ConfigError } from '../errors/config-error.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { unknownKey } from '../utils/known-keys.js';
import type { WireProxy } from './wire.js';

/**
 * The `proxy` option: the URL of an HTTP(S) proxy that every call goes through (credentials in its userinfo, as
 * `http://user:password@proxy.internal:3128`), or `{ uri, token }` with the `Proxy-Authorization` value to send, or
 * `false` to ignore `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY`. Unset, those variables decide.
 */
export type ProxyOption = string | URL | { uri: string | URL; token?: string } | false;

const EXAMPLE = "such as 'http://proxy.internal:3128'";

/**
 * The proxy of a client's pools, checked: from the option, or else from the environment as it is now. A bad value
 * is a `ConfigError` naming the option (or the variable); a password in a URL is never repeated.
 */
export function resolveProxy(option: unknown, env: NodeJS.ProcessEnv = process.env): WireProxy | undefined {
  if (option === false) return undefined;
  if (option === undefined) return fromEnvironment(env);
  if (typeof option === 'string' || option instanceof URL) return { kind: 'proxy', endpoint: { uri: proxyUrl(option, 'proxy') } };
  if (!isPlainObject(option)) throw new ConfigError('proxy', `must be a proxy URL ${EXAMPLE}, { uri, token }, or false`);
  const unknown = unknownKey(option, ['uri', 'token'], 'proxy');
  if (unknown) throw new ConfigError(`proxy.${unknown[0]}`, unknown[1]);
  const uri = proxyUrl(option.uri, 'proxy.uri');
  const { token } = option;
  if (token === undefined) return { kind: 'proxy', endpoint: { uri } };
  // The value is a credential: the message never repeats it.
  if (typeof token !== 'string' || !/^[\t\x20-\x7e\x80-\xff]+$/.test(token) || token.trim() === '') {
    throw new ConfigError('proxy.token', "must be the Proxy-Authorization header's value, e.g. 'Basic dXNlcjpwYXNz', one line of Latin-1 text");
  }
  return { kind: 'proxy', endpoint: { uri, token } };
}

/** The variables undici reads, in its order (lower case first); none set means no proxy. */
function fromEnvironment(env: NodeJS.ProcessEnv): WireProxy | undefined {
  const read = (name: string) => {
    const lower = name.toLowerCase();
    const found = env[lower] !== undefined ? lower : name;
    return { name: found, value: env[found] ?? '' };
  };
  const http = read('HTTP_PROXY');
  const https = read('HTTPS_PROXY');
  if (!http.value && !https.value) return undefined;
  return {
    kind: 'env',
    http: http.value && proxyUrl(http.value, http.name, true),
    https: https.value && proxyUrl(https.value, https.name, true),
    noProxy: read('NO_PROXY').value,
  };
}

/**
 * An http: or https: URL, as text. A variable may leave out the scheme (`proxy.internal:3128`), as curl allows;
 * the option may not.
 */
function proxyUrl(value: unknown, field: string, lenient = false): string {
  if (typeof value !== 'string' && !(value instanceof URL)) throw new ConfigError(field, `must be the proxy's URL, ${EXAMPLE}`);
  const text = String(value).trim();
  let url: URL;
  try {
    url = new URL(lenient && !/^[a-z][a-z\d+.-]*:\/\//i.test(text) ? `http://${text}` : text);
  } catch {
    // Not echoed: an unparsable URL cannot be told apart from its password.
    throw new ConfigError(field, `is not a URL; give the proxy's URL ${EXAMPLE}`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new ConfigError(field, `must be an http: or https: URL of the proxy ${EXAMPLE}, not ${url.protocol}//${url.host}…`);
  }
  return url.href;
}
