import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors/config-error.js';
import { safeUrl } from './safe-url.js';

/**
 * The bytes of a `file://` URL (a `URL` or a string starting `file://`), or `undefined` for any other input. A
 * file that cannot be read is a `ConfigError` naming `option` and the error code, never the file's content.
 */
export function readFileUrl(input: unknown, option: string): Buffer | undefined {
  if (!(input instanceof URL) && !(typeof input === 'string' && input.startsWith('file://'))) return undefined;
  try {
    return readFileSync(fileURLToPath(input));
  } catch (error) {
    throw new ConfigError(option, `cannot read ${safeUrl(input)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}
