import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file only its owner may read (0600), over an existing file too, whatever its mode: the text goes to a
 * new file created 0600 beside it (`wx`: never an existing file or a symlink planted there), which is then renamed
 * over the target. Changing the old file's mode first would not do: whoever opened it before keeps reading through
 * that descriptor what is written next.
 */
export function writePrivateFile(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
