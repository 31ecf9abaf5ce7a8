import type { KeyObject } from 'node:crypto';

/** A key as a user may hold it: PEM text, PEM/DER bytes, a ready `KeyObject`, or a `file://` URL to a PEM file. */
export type KeyInput = string | Buffer | Uint8Array | KeyObject | URL;
