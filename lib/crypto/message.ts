/**
 * The byte strings WeChat Pay signs: each part followed by a line feed. Bodies are bytes, so the
 * message is built from bytes and the signature covers exactly what travels.
 */
export function signingMessage(...parts: Array<string | Uint8Array>): Buffer {
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    chunks.push(typeof part === 'string' ? Buffer.from(part, 'utf8') : part, LF);
  }
  return Buffer.concat(chunks);
}

const LF = Buffer.from('\n');
