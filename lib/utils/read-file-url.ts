import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors/config-error.js';

/**
 * The bytes of a `file://` URL (a `URL` or a string starting `file://`), or `undefined` for any other input. A
 * file that cannot be read is a `ConfigError` naming `option` and the error code, never the file's content.
 */
export function readFileUrl(input: unknown, option: string): Buffer | undefined {
  const url = input instanceof URL ? input : typeof input === 'string' && input.startsWith('file://') ? new URL(input) : undefined;
  if (!url) return undefined;
  try {
    return readFileSync(fileURLToPath(url));
  } catch (error) {
    throw new ConfigError(option, `cannot read ${url.href}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}
