import data from './catalog-routes.json' with { type: 'json' };

/**
 * The WeChat Pay API catalog as the simulator needs it: every operation's request fields (to validate) and response
 * fields (to answer), from `catalog-routes.json`, which scripts/generate-simulator-routes.mjs writes (see its comment
 * for the compact form read here).
 */

/** One field of a request or an answer. */
export interface FieldSpec {
  name: string;
  /** `string`, `integer`, `number`, `boolean`, `object`, `object[]`, `string[]`, `integer[]`, `number[]` or `unknown`. */
  type: string;
  required: boolean;
  /** The value is RSA-OAEP ciphertext under the platform key (`Wechatpay-Serial` names it). */
  encrypted: boolean;
  /** The value is a JSON text of `children`. */
  encoded: boolean;
  enum: string[] | undefined;
  children: FieldSpec[];
}

/** An operation of the catalog: `POST v3/pay/transactions/jsapi`. */
export interface OperationSpec {
  /** `POST v3/pay/transactions/jsapi`, as the catalog writes it (APIv2 paths with `v2/`). */
  key: string;
  method: string;
  path: string;
  protocol: 'v2' | 'v3';
  json: FieldSpec[] | undefined;
  query: FieldSpec[] | undefined;
  xml: FieldSpec[] | undefined;
  /** The fields of a multipart upload's `meta` part. */
  meta: FieldSpec[] | undefined;
  /** APIv2: the call needs the merchant's client certificate. */
  security: boolean;
  /** APIv2: names of which at least one must be given (`transaction_id` or `out_trade_no`). */
  oneOf: string[] | undefined;
  /** APIv2: the call takes no `nonce_str`. */
  nonceless: boolean;
  response: FieldSpec[];
  /** The placeholder names, in path order. */
  placeholders: string[];
}

type Encoded = string | [string, ...string[]] | [string, Record<string, Encoded>];
interface EncodedRequest {
  json?: Record<string, Encoded>;
  query?: Record<string, Encoded>;
  xml?: Record<string, Encoded>;
  meta?: Record<string, Encoded>;
  security?: 1;
  nonceless?: 1;
  oneOf?: string[];
}

const TYPES: Record<string, string> = {
  s: 'string',
  i: 'integer',
  n: 'number',
  b: 'boolean',
  o: 'object',
  O: 'object[]',
  S: 'string[]',
  I: 'integer[]',
  N: 'number[]',
};

function decodeFields(map: Record<string, Encoded> | undefined): FieldSpec[] {
  return Object.entries(map ?? {}).map(([name, encoded]) => {
    const [code, ...rest] = typeof encoded === 'string' ? [encoded] : encoded;
    const children = rest.length === 1 && typeof rest[0] === 'object' ? decodeFields(rest[0] as Record<string, Encoded>) : [];
    const values = rest.length > 0 && typeof rest[0] === 'string' ? (rest as string[]) : undefined;
    return {
      name,
      type: TYPES[code[0] as string] ?? 'unknown',
      required: code.includes('!'),
      encrypted: code.includes('#'),
      encoded: code.includes('~'),
      enum: values,
      children,
    };
  });
}

interface Node {
  literal: Map<string, Node>;
  placeholder: Node | undefined;
  /** Operations ending here, by method. */
  operations: Map<string, OperationSpec>;
}

const node = (): Node => ({ literal: new Map(), placeholder: undefined, operations: new Map() });

/** The operations, in a tree of path segments: a literal segment wins over a placeholder, as the most specific route. */
export class Catalog {
  readonly #root = node();
  readonly #all: OperationSpec[] = [];

  constructor(routes: Record<string, [EncodedRequest, Record<string, Encoded>]>) {
    for (const [key, [request, response]] of Object.entries(routes)) {
      const [method = '', path = ''] = key.split(' ');
      const protocol = path.startsWith('v2/') ? 'v2' : 'v3';
      const operation: OperationSpec = {
        key,
        method,
        path,
        protocol,
        json: request.json && decodeFields(request.json),
        query: request.query && decodeFields(request.query),
        xml: request.xml && decodeFields(request.xml),
        meta: request.meta && decodeFields(request.meta),
        security: request.security === 1,
        nonceless: request.nonceless === 1,
        oneOf: request.oneOf,
        response: decodeFields(response),
        placeholders: [...path.matchAll(/\{([^}]+)\}/g)].map((found) => found[1] as string),
      };
      this.#all.push(operation);
      // APIv2 calls go out without their `v2/`.
      let at = this.#root;
      for (const segment of wirePath(path).split('/')) {
        if (/^\{[^}]+\}$/.test(segment)) at = at.placeholder ??= node();
        else {
          const next = at.literal.get(segment) ?? node();
          at.literal.set(segment, next);
          at = next;
        }
      }
      at.operations.set(method, operation);
    }
  }

  /** Every operation, in catalog order. */
  get operations(): readonly OperationSpec[] {
    return this.#all;
  }

  /** The operation serving `method` at `pathname` (`/v3/pay/transactions/id/4200…`), with the placeholder values. */
  match(method: string, pathname: string): { operation: OperationSpec; params: Record<string, string> } | undefined {
    const segments = pathname.replace(/^\//, '').split('/');
    const values: string[] = [];
    const walk = (at: Node, i: number): OperationSpec | undefined => {
      if (i === segments.length) return at.operations.get(method);
      const segment = segments[i] as string;
      const literal = at.literal.get(segment);
      const found = literal && walk(literal, i + 1);
      if (found) return found;
      if (at.placeholder && segment !== '') {
        values.push(segment);
        const deeper = walk(at.placeholder, i + 1);
        if (deeper) return deeper;
        values.pop();
      }
      return undefined;
    };
    const operation = walk(this.#root, 0);
    if (!operation) return undefined;
    const params = Object.fromEntries(operation.placeholders.map((name, i) => [name, safeDecode(values[i] ?? '')]));
    return { operation, params };
  }

  /** Whether any operation is at this path (another method may be). */
  has(pathname: string): boolean {
    return ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].some((method) => this.match(method, pathname) !== undefined);
  }
}

/** The path a call is sent to: the catalog's, without APIv2's `v2/`. */
export function wirePath(path: string): string {
  return path.replace(/^v2\//, '');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

let shared: Catalog | undefined;

/** The catalog, decoded on first use (the simulator's start pays for it once per thread). */
export function catalog(): Catalog {
  shared ??= new Catalog(data as unknown as Record<string, [EncodedRequest, Record<string, Encoded>]>);
  return shared;
}
