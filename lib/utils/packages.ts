import { lazyPackage } from './lazy-package.js';

// The dependencies only some synchronous calls need, each loaded by the first call that does (see lazy-package.ts).
// The `require` calls are written out for bundlers; only their types are imported here. (Bills, read
// asynchronously, import csv-parse when they start reading.)

/** fast-xml-parser: APIv2 XML bodies, answers and callbacks. */
export const xmlPackage = lazyPackage('fast-xml-parser', () => require('fast-xml-parser') as typeof import('fast-xml-parser'));

/** mime: the content type of an uploaded file. */
export const mimePackage = lazyPackage('mime', () => require('mime') as typeof import('mime'));
