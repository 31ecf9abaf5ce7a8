/**
 * The byte strings WeChat Pay signs: each part followed by a line feed. Bodies are bytes, so the
 * message is built from bytes and the signature covers exactly what travels. One buffer, written in place.
 */
export function signingMessage(...parts: Array<string | Uint8Array>): Buffer {
  let size = parts.length;
  for (const part of parts) size += typeof part === 'string' ? Buffer.byteLength(part, 'utf8') : part.byteLength;
  const message = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const part of parts) {
    if (typeof part === 'string') offset += message.write(part, offset, 'utf8');
    else {
      message.set(part, offset);
      offset += part.byteLength;
    }
    message[offset++] = LF;
  }
  return message;
}

const LF = 0x0a;
