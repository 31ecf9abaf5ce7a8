// Types of model.mjs (the normalised WeChat Pay API catalog), for specs and other TypeScript readers.
export type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
export type FieldType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'object'
  | 'object[]'
  | 'string[]'
  | 'integer[]'
  | 'number[]'
  | 'true'
  | 'unknown';

export interface Field {
  name: string;
  type: FieldType;
  tsType: string;
  required: boolean;
  enum?: string[];
  encrypted?: 'by-rsa-pubkey' | 'by-aes-gcm' | 'by-aes-ecb';
  encoded?: 'by-json_encode' | 'by-urlencode';
  key?: string;
  indexed?: boolean;
  children?: Field[];
  oneOf?: string[];
}

export interface Operation {
  method: Method;
  verb: string;
  title: string;
  docs: string;
  placeholders: Field[];
  json?: Field;
  query?: Field;
  body?: Field;
  xml?: Field;
  headers?: Field;
  security: boolean;
  nonceless: boolean;
  multipart: boolean;
  baseUri: boolean;
  request: Field[];
  response: Field[];
}

export interface ChainSegment {
  segment: string;
  properties: string[];
}

export interface Endpoint {
  path: string;
  protocol: 'v2' | 'v3';
  namespace: string;
  segments: string[];
  chain: ChainSegment[];
  operations: Operation[];
}

export interface Webhook {
  event: string;
  protocol: 'v2' | 'v3';
  title: string;
  docs?: string;
  headers: Field[];
  body: Field[];
  resource: Field[];
  envelope: { resourceType?: string; summary?: string; originalType?: string; associatedData?: string };
}

export interface Model {
  endpoints: Endpoint[];
  webhooks: Webhook[];
  notes: string[];
}

export declare const DEFAULT_CATALOG: string;
export declare const KNOWN_TYPES: ReadonlySet<string>;
export declare const METHODS: readonly Method[];
export declare const OPTION_FIELDS: ReadonlySet<string>;
export declare function loadCatalog(path?: string): unknown;
export declare function loadModel(path?: string): Model;
export declare function buildModel(catalog: unknown): Model;
export declare function segmentProperties(segment: string): string[];
export declare function normalizeSegment(key: string): string;
export declare function placeholderNames(path: string): string[];
export declare function namespaceOf(path: string): string;
export declare function normaliseType(field: { type: string }, where: string, notes: string[]): FieldType;
export declare function scalarTsType(field: Pick<Field, 'type' | 'enum' | 'encoded'>): string;
export declare function normaliseFields(fields: unknown[] | undefined, where: string, notes: string[]): Field[];
