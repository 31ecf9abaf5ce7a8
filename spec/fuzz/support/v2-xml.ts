import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';

/**
 * The APIv2 signature, written here from WeChat Pay's rules and not taken from the package: the non-empty fields
 * but `sign`, sorted by name (byte order), as `k=v&…&key=SECRET`, MD5 or HMAC-SHA256 (keyed with the secret), upper case.
 */
export function v2Sign(fields: Readonly<Record<string, string>>, secret: string, type: 'MD5' | 'HMAC-SHA256'): string {
  const names = Object.keys(fields)
    .filter((name) => name !== 'sign' && fields[name] !== '')
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const text = `${names.map((name) => `${name}=${fields[name]}`).join('&')}&key=${secret}`;
  const digest =
    type === 'MD5' ? createHash('md5').update(text, 'utf8').digest('hex') : createHmac('sha256', secret).update(text, 'utf8').digest('hex');
  return digest.toUpperCase();
}

/** How one element's text is written. */
export type Encoding = 'cdata' | 'text' | 'charref';

/** An element's text in an encoding; `]]>` splits CDATA into sections. */
export function encodeText(value: string, encoding: Encoding): string {
  if (encoding === 'cdata') return `<![CDATA[${value.split(']]>').join(']]]]><![CDATA[>')}]]>`;
  if (encoding === 'text') return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [...value].map((char) => (/[A-Za-z0-9]/.test(char) ? char : `&#x${(char.codePointAt(0) as number).toString(16)};`)).join('');
}

export function element(name: string, value: string, encoding: Encoding): string {
  return `<${name}>${encodeText(value, encoding)}</${name}>`;
}

/** Text an XML document can hold as it is: no control characters but tab and line feed, no CR, no lone surrogate, no noncharacters. */
export function isPlainXmlText(value: string): boolean {
  const odd = (code: number) =>
    (code < 0x20 && code !== 0x09 && code !== 0x0a) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0xd800 && code <= 0xdfff) ||
    code === 0xfffe ||
    code === 0xffff;
  return ![...value].some((char) => odd(char.codePointAt(0) as number)) && !/<!DOCTYPE|<!ENTITY/i.test(value);
}

/** Values of APIv2 fields: plain, markup-like, CDATA-breaking, DOCTYPE-looking, unicode, control characters. */
export const v2Value: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_]{1,24}$/) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '<a>',
      '&amp;',
      ']]>',
      'a]]>b',
      '<![CDATA[x]]>',
      '<!DOCTYPE x>',
      '<!ENTITY e "x">',
      '&#x41;',
      '&e;',
      ' ',
      '\t',
      '\n',
      'a\r\nb',
      '\u0000',
      '\uFFFE',
      '\uD800',
      '中文',
      '😀',
      '%s',
      '__proto__',
    ),
  },
);

/** Names of extra fields: ordinary ones, and names that trouble parsers and plain objects. */
export const oddName = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__cdata',
  '#text',
  'xml',
  'a:b',
  'A-b.c',
  '_',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
);
export const plainName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,12}$/);
