import { ParameterError } from '../errors/parameter-error.js';

/** `http:`, `HTTPS:`, `mailto:`…: a segment the URL parser would read as the start of an absolute URL. */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** The URL parser drops tabs and line breaks anywhere (so `ht\ttp:` is `http:`), and other controls are never a path. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Refuses a chain path that could leave the baseURL or land on another endpoint than it says: one with a scheme,
 * an authority (`//host`), a backslash (URL parsers read it as `/`), a control character, or a dot segment (`.`,
 * `..`, also percent-encoded or with an encoded slash, which servers may decode). Paths are code, so this is a
 * refusal, never a repair. A value with such characters goes in a placeholder, which encodes it.
 */
export function checkChainPath(segments: readonly string[]): void {
  const path = segments.join('/');
  const refuse = (why: string) => new ParameterError('path', `${JSON.stringify(path)} ${why}`);
  // Characters an id may hold: a placeholder's value is percent-encoded, so it stays one segment on this host.
  const encode = 'an id holding such characters goes in a placeholder, which encodes it';
  if (CONTROL.test(path)) throw refuse(`has a control character; ${encode}`);
  if (path.includes('\\')) throw refuse(`has a backslash, which URLs read as /; ${encode}`);
  if (path.startsWith('//')) throw refuse('starts with // (an authority: another host); a chain path is relative to the baseURL');
  const scheme = segments.find((segment) => SCHEME.test(segment));
  if (scheme !== undefined) throw refuse(`has a scheme (${SCHEME.exec(scheme)?.[0]}): a chain path is relative to the baseURL; ${encode}`);
  if (segments.some(isDotSegment)) throw refuse('has a dot segment (. or .., also percent-encoded), which would send the call to another path');
}

/** `.`, `..` and their encoded spellings (`%2e%2e`, `.%2E`), or a segment that decodes to a path holding one (`..%2f`). */
function isDotSegment(segment: string): boolean {
  if (!segment.includes('.') && !/%2e/i.test(segment)) return false;
  const decoded = segment.replace(/%2e/gi, '.').replace(/%2f/gi, '/').replace(/%5c/gi, '\\');
  return decoded.split(/[/\\]/).some((part) => part === '.' || part === '..');
}
