import { readFileSync } from 'node:fs';

/** A committed fixture from spec/fixtures (made by spec/fixtures/generate.sh with openssl). */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

/** The fixture's file:// URL, as users pass key files. */
export function fixtureUrl(name: string): string {
  return new URL(`../fixtures/${name}`, import.meta.url).href;
}

export const MERCHANT_SERIAL = '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C';
export const PLATFORM_CERT_SERIAL = '3F1A6B2D0E4C58A7961B3D0C2E4F5A6B7C8D9E0F';
export const PUBLIC_KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000';
