// Generated from package.json by scripts/write-version.mjs (npm run build); do not edit.

/** This package's version. */
export const VERSION = '0.1.0';

/** The major version of undici this package depends on (its range allows no other). */
export const UNDICI_MAJOR = '7';
