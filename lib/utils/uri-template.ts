import { ParameterError } from '../errors/parameter-error.js';
import { isWellFormed } from './well-formed.js';

const PLACEHOLDER = /\{(\+?)([^{}]+)\}/g;

/** Templates are few and reused: their placeholder names are read once. */
const NAMES = new Map<string, readonly string[]>();

/** The placeholder names of a template, `{+name}` given as `name`. */
export function placeholderNames(template: string): readonly string[] {
  let names = NAMES.get(template);
  if (!names) {
    names = [...template.matchAll(PLACEHOLDER)].map((match) => match[2] ?? '');
    // Chain paths are code, not data, but a bound keeps a template built from data from growing it for ever.
    if (NAMES.size < 10_000) NAMES.set(template, names);
  }
  return names;
}

/** A template cut once into its literal text and placeholders: `[text, reserved, name, text, reserved, name, …, text]`. */
const PARTS = new Map<string, readonly string[]>();

function partsOf(template: string): readonly string[] {
  let parts = PARTS.get(template);
  if (!parts) {
    parts = template.split(PLACEHOLDER);
    if (PARTS.size < 10_000) PARTS.set(template, parts);
  }
  return parts;
}

/**
 * Fills `{name}` (one percent-encoded path segment) and `{+name}` (may hold `/`) from `values`.
 * A value that is missing, empty, not a string or finite number, or a dot segment fails naming the placeholder.
 */
export function expandTemplate(template: string, values: Readonly<Record<string, unknown>>): string {
  const parts = partsOf(template);
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 3) out += fill(parts[i] as string, parts[i + 1] as string, values) + (parts[i + 2] as string);
  return out;
}

function fill(reserved: string, name: string, values: Readonly<Record<string, unknown>>): string {
  const value = values[name];
  const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  if (text === undefined) {
    const got = value === undefined ? 'missing' : value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
    throw new ParameterError(name, `the path placeholder {${reserved}${name}} needs a string or a finite number, got ${got}`);
  }
  if (text === '') throw new ParameterError(name, `the path placeholder {${reserved}${name}} is empty`);
  if (!isWellFormed(text))
    throw new ParameterError(name, `the path placeholder {${reserved}${name}} holds a lone surrogate (not valid Unicode), which a URL cannot carry`);
  if (!reserved) {
    if (text === '.' || text === '..') throw dotSegment(reserved, name);
    return encodeURIComponent(text);
  }
  const parts = text.split('/');
  if (parts.some((part) => part === '.' || part === '..')) throw dotSegment(reserved, name);
  return parts.map(encodeURIComponent).join('/');
}

/** A dot segment would be resolved away by the URL and send the call to another endpoint. */
function dotSegment(reserved: string, name: string): ParameterError {
  return new ParameterError(name, `the path placeholder {${reserved}${name}} cannot be "." or ".."`);
}
