import type { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { ParameterError } from '../errors/parameter-error.js';
import { xmlPackage } from './packages.js';

/** The largest APIv2 XML document parsed (answers and callbacks are a few KiB). */
export const MAX_XML_BYTES = 256 * 1024;

/** A flat APIv2 payload: `<xml><name>value</name>…</xml>`. */
export type V2Payload = Record<string, string>;

let made: { builder: XMLBuilder; parser: XMLParser } | undefined;

/** The builder and the parser, made with the package on the first XML document. */
function xml(): { builder: XMLBuilder; parser: XMLParser } {
  if (made) return made;
  const { XMLBuilder, XMLParser } = xmlPackage();
  const builder = new XMLBuilder({ cdataPropName: '__cdata', processEntities: true, suppressEmptyNode: false });
  // No entity processing at all: a DOCTYPE is refused before parsing, and the five predefined entities and
  // character references are decoded below, so nothing can expand.
  const parser = new XMLParser({
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: false,
    cdataPropName: '__cdata',
  });
  made = { builder, parser };
  return made;
}

/**
 * Serialises a flat payload as WeChat Pay's `<xml>`: numbers as they are, text in CDATA. A value holding `]]>`
 * (which would end a CDATA section) is written as escaped text instead, so it cannot break out of its element.
 */
export function buildXml(payload: Readonly<Record<string, string | number>>): string {
  // No prototype: a field named `__proto__` is a field like any other, not a way to change this object.
  const fields: Record<string, unknown> = Object.create(null);
  for (const [name, value] of Object.entries(payload)) {
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) throw new ParameterError(`xml.${name}`, 'is not a valid XML element name');
    const text = String(value);
    fields[name] = typeof value === 'number' || /^[\w.-]*$/.test(text) || text.includes(']]>') ? text : { __cdata: text };
  }
  return xml().builder.build({ xml: fields }) as string;
}

/**
 * Why a document was refused. Internal: every caller turns it into its own `WechatpayError` (a `VerificationError`
 * for an answer, a `NotificationError` for a callback).
 */
export class XmlRefused extends Error {}

/**
 * Parses a flat APIv2 `<xml>` document safely: at most `MAX_XML_BYTES`, no DOCTYPE or entity declarations,
 * well-formed, one `<xml>` root (or `rootName`) whose children are text.
 */
export function parseXml(input: string | Uint8Array, limit = MAX_XML_BYTES, rootName = 'xml'): V2Payload {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > limit) throw new XmlRefused(`the XML document is ${size} bytes, over the ${limit}-byte limit`);
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  if (/<!DOCTYPE|<!ENTITY/i.test(markupOf(text))) throw new XmlRefused('the XML document declares a DOCTYPE or entities, which are refused');
  // Out of the try: a parser that cannot be loaded is not a refused document.
  const { XMLValidator } = xmlPackage();
  const { parser } = xml();
  let parsed: Record<string, unknown>;
  try {
    const valid = XMLValidator.validate(text);
    if (valid !== true) throw new XmlRefused(`the XML document is malformed: ${valid.err.msg}`);
    parsed = parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    // The parser's own refusals (nesting too deep, a `__proto__` or `constructor` element…) and any failure of it.
    if (error instanceof XmlRefused) throw error;
    throw new XmlRefused(`the XML document was refused by the parser: ${error instanceof Error ? error.message : String(error)}`);
  }
  const root = parsed[rootName];
  if (root === '') return {};
  if (root === null || typeof root !== 'object' || Array.isArray(root) || Object.keys(parsed).length !== 1) {
    throw new XmlRefused(`the document is not a single <${rootName}> element`);
  }
  const payload: V2Payload = {};
  for (const [name, value] of Object.entries(root as Record<string, unknown>)) {
    payload[name] = textOf(name, value);
  }
  return payload;
}

/**
 * The document without its CDATA sections and comments, whose text may hold `<!DOCTYPE` as data: what is left
 * is markup. One left-to-right pass, so a comment inside CDATA (or the reverse) is read as XML reads it.
 */
function markupOf(text: string): string {
  return text.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g, '');
}

/** An element's text: escaped text is decoded, CDATA taken as it is (several sections joined). */
function textOf(name: string, value: unknown): string {
  if (typeof value === 'string') return decodeEntities(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const cdata = (value as { __cdata?: unknown }).__cdata;
    if (keys.length === 1 && keys[0] === '__cdata') {
      if (typeof cdata === 'string') return cdata;
      if (Array.isArray(cdata) && cdata.every((part) => typeof part === 'string')) return cdata.join('');
    }
  }
  throw new XmlRefused(`the element <${name}> is not a single text value`);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The predefined entities and character references, and nothing else. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[\da-fA-F]{1,6});/g, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name] ?? whole;
    const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
