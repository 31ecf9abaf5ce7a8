import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClientConfig } from '../client/client-config.js';
import { ConfigError } from '../errors/config-error.js';

/** Where a CLI client configuration can come from: flags, environment variables and a JSON file, in that order. */
export interface CliConfigSources {
  config?: string;
  mchid?: string;
  serial?: string;
  privateKey?: string;
  cert?: string[];
  baseUrl?: string;
  apiV3Key?: string;
}

/**
 * Builds a `ClientConfig` for the CLI. Keys may be PEM text or file paths (relative to the config file, or to
 * the working directory for flags and environment variables), so secrets can stay in files and out of shell history.
 */
export function cliConfig(sources: CliConfigSources, env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const file = sources.config ?? env.WECHATPAY_CONFIG;
  const fromFile = file ? readConfigFile(file) : {};
  const base = file ? dirname(resolve(file)) : process.cwd();
  const cwd = process.cwd();
  const certs: Record<string, unknown> = {};
  for (const [id, key] of Object.entries((fromFile.certs as Record<string, string> | undefined) ?? {})) certs[id] = keyInput(key, base);
  const certList = sources.cert ?? (env.WECHATPAY_CERTS ? env.WECHATPAY_CERTS.split(',') : []);
  for (const entry of certList) {
    const at = entry.indexOf('=');
    if (at <= 0) throw new ConfigError('--cert', `expects ID=PATH, got ${entry.slice(0, 60)}`);
    certs[entry.slice(0, at).trim()] = keyInput(entry.slice(at + 1).trim(), cwd);
  }
  const privateKey = sources.privateKey ?? env.WECHATPAY_PRIVATE_KEY;
  return {
    mchid: sources.mchid ?? env.WECHATPAY_MCHID ?? (fromFile.mchid as string),
    serial: sources.serial ?? env.WECHATPAY_SERIAL ?? (fromFile.serial as string),
    privateKey: privateKey ? keyInput(privateKey, cwd) : fromFile.privateKey ? keyInput(fromFile.privateKey as string, base) : (undefined as never),
    certs: certs as ClientConfig['certs'],
    baseURL: sources.baseUrl ?? env.WECHATPAY_BASE_URL ?? (fromFile.baseURL as string | undefined),
    apiV3Key: sources.apiV3Key ?? env.WECHATPAY_APIV3_KEY ?? (fromFile.apiV3Key as string | undefined),
  };
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('--config', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    // The file holds keys: say where it is broken, never what it holds.
    throw new ConfigError('--config', `${path} is not a JSON object`);
  }
}

/** PEM text and URLs (`file://`, `private.pkcs8://`…) stay as they are; anything else is a path to a key file. */
function keyInput(value: string, base: string): string | URL {
  return value.includes('-----BEGIN') || /^[a-z][a-z0-9.+-]*:\/\//i.test(value) ? value : pathToFileURL(resolve(base, value));
}
