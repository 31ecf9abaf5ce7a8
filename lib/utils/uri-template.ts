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

/**
 * Fills `{name}` (one percent-encoded path segment) and `{+name}` (may hold `/`) from `values`.
 * A value that is missing, empty, not a string or finite number, or a dot segment fails naming the placeholder.
 */
export function expandTemplate(template: string, values: Readonly<Record<string, unknown>>): string {
  return template.replace(PLACEHOLDER, (_, reserved: string, name: string) => {
    const value = values[name];
    const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
    if (text === undefined) {
      const got = value === undefined ? 'missing' : value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
      throw new ParameterError(name, `the path placeholder {${reserved}${name}} needs a string or a finite number, got ${got}`);
    }
    if (text === '') throw new ParameterError(name, `the path placeholder {${reserved}${name}} is empty`);
    if (!isWellFormed(text))
      throw new ParameterError(
        name,
        `the path placeholder {${reserved}${name}} holds a lone surrogate (not valid Unicode), which a URL cannot carry`,
      );
    const parts = reserved ? text.split('/') : [text];
    if (parts.some((part) => part === '.' || part === '..')) {
      // A dot segment would be resolved away by the URL and send the call to another endpoint.
      throw new ParameterError(name, `the path placeholder {${reserved}${name}} cannot be "." or ".."`);
    }
    return parts.map(encodeURIComponent).join('/');
  });
}
