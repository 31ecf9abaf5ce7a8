import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

/** Where a secret flag may point. A command's arguments are readable by every user of the machine (`ps`). */
const SECRET_SOURCES = 'a file path, a file:// URL or env:NAME';

/**
 * Builds a `ClientConfig` for the CLI. The secret flags (`--private-key`, `--api-v3-key`) name where the secret is:
 * a file path (relative to the working directory), a `file://` URL, or `env:NAME` (an environment variable that
 * holds it); the secret itself in an argument is refused. The environment variables and the config file may hold
 * the secrets themselves (or, for keys, paths: relative to the config file for its entries).
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
    const id = entry.slice(0, at).trim();
    const key = entry.slice(at + 1).trim();
    // Public keys and certificates may be given as text; a private key (whose public half would do) may not.
    if (sources.cert && holdsPrivateKey(key))
      throw new ConfigError('--cert', `${id} is given a private key; --cert takes WeChat Pay's public key or platform certificate`);
    certs[id] = keyInput(key, cwd);
  }
  const privateKey = sources.privateKey
    ? privateKeyArgument(sources.privateKey, env, cwd)
    : env.WECHATPAY_PRIVATE_KEY
      ? keyInput(env.WECHATPAY_PRIVATE_KEY, cwd)
      : fromFile.privateKey
        ? keyInput(fromFile.privateKey as string, base)
        : undefined;
  return {
    mchid: sources.mchid ?? env.WECHATPAY_MCHID ?? (fromFile.mchid as string),
    serial: sources.serial ?? env.WECHATPAY_SERIAL ?? (fromFile.serial as string),
    privateKey: privateKey as never,
    certs: certs as ClientConfig['certs'],
    baseURL: sources.baseUrl ?? env.WECHATPAY_BASE_URL ?? (fromFile.baseURL as string | undefined),
    apiV3Key: sources.apiV3Key ? apiV3KeyArgument(sources.apiV3Key, env, cwd) : env.WECHATPAY_APIV3_KEY || (fromFile.apiV3Key as string | undefined),
  };
}

/** `--private-key`: a path, a `file://` URL, or `env:NAME` (the variable holds the PEM, or a path to it). */
function privateKeyArgument(value: string, env: NodeJS.ProcessEnv, cwd: string): string | URL {
  const held = fromEnvironment(value, '--private-key', env);
  if (held !== undefined) return keyInput(held, cwd);
  if (isKeyText(value)) throw refused('--private-key', 'the key', 'WECHATPAY_PRIVATE_KEY');
  return keyInput(value, cwd);
}

/** `--api-v3-key`: a file holding the key (a path or a `file://` URL), or `env:NAME`. */
function apiV3KeyArgument(value: string, env: NodeJS.ProcessEnv, cwd: string): string {
  const held = fromEnvironment(value, '--api-v3-key', env);
  if (held !== undefined) return held;
  // The key is 32 visible characters; a file of that name can still be given as ./NAME.
  if (/^[\x21-\x7e]{32}$/.test(value) && !/[\\/]/.test(value)) throw refused('--api-v3-key', 'the key', 'WECHATPAY_APIV3_KEY');
  let path: string;
  try {
    path = value.startsWith('file://') ? fileURLToPath(value) : resolve(cwd, value);
  } catch {
    throw new ConfigError('--api-v3-key', `takes ${SECRET_SOURCES}; the file:// URL given is not one`);
  }
  try {
    // The line break an editor or `echo` leaves is not part of the key.
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new ConfigError('--api-v3-key', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** The value of `env:NAME`, or `undefined` when the argument is not of that form. */
function fromEnvironment(value: string, flag: string, env: NodeJS.ProcessEnv): string | undefined {
  if (!value.startsWith('env:')) return undefined;
  const name = value.slice(4);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new ConfigError(flag, 'env: must be followed by the name of an environment variable (letters, digits and _)');
  const held = env[name];
  if (!held) throw new ConfigError(flag, `names the environment variable ${name}, which is not set or empty`);
  return held;
}

/** Key material written out: PEM, a `private.pkcs8://`-style string, or bare base64 DER. */
function isKeyText(value: string): boolean {
  return value.includes('-----BEGIN') || /^(private|public)\.[a-z0-9]+:\/\//i.test(value) || /^[A-Za-z0-9+/=\s]{200,}$/.test(value);
}

function holdsPrivateKey(value: string): boolean {
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value) || /^private\.[a-z0-9]+:\/\//i.test(value);
}

/** Refuses a secret given in an argument, without repeating it, and says how to give it instead. */
function refused(flag: string, what: string, variable: string): ConfigError {
  return new ConfigError(
    flag,
    `takes ${SECRET_SOURCES}, not ${what} itself: every user of this machine can read a command's arguments (ps). Save it to a file only you can read and pass its path, or set ${variable} (or any variable, passed as env:NAME)`,
  );
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
