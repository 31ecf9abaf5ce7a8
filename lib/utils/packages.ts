import { lazyPackage } from './lazy-package.js';

// The dependencies only some calls need, each loaded by the first call that does (see lazy-package.ts). The
// `require` calls are written out for bundlers; only their types are imported here.

/** fast-xml-parser: APIv2 XML bodies, answers and callbacks. */
export const xmlPackage = lazyPackage('fast-xml-parser', () => require('fast-xml-parser') as typeof import('fast-xml-parser'));

/** csv-parse: bills. */
export const csvPackage = lazyPackage('csv-parse', () => require('csv-parse') as typeof import('csv-parse'));

/** mime: the content type of an uploaded file. */
export const mimePackage = lazyPackage('mime', () => require('mime') as typeof import('mime'));

/** fast-json-stable-stringify: JSON bodies with sorted keys. */
export const stringifyPackage = lazyPackage('fast-json-stable-stringify', () => require('fast-json-stable-stringify') as (value: unknown) => string);
