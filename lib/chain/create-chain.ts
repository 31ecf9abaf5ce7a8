import { inspect } from 'node:util';
import type { Client } from '../client/client.js';
import type { HttpMethod } from '../types/http-method.js';
import type { Wechatpay } from './wechatpay.js';
import { checkCatalog } from './catalog-match.js';
import { checkChainPath } from './path-check.js';
import { ParameterError } from '../errors/parameter-error.js';
import { safeUrl } from '../utils/safe-url.js';
import { normalizeSegment, pathSegments } from './segment.js';

/** Verb names and what calling them does. */
const VERBS = new Map<string, Verb>(
  (['GET', 'PUT', 'POST', 'PATCH', 'DELETE'] as const).flatMap(
    (method): Array<[string, Verb]> => [
      [method.toLowerCase(), { method, sync: true }],
      [`${method.toLowerCase()}Async`, { method, sync: false }],
    ],
  ),
);

/**
 * Names that tools probe on any object (awaiting, JSON, test matchers, React, inspect): they are never
 * segments, so probing a node neither builds a path nor sends a request.
 */
const NOT_SEGMENTS = new Set([
  'then',
  'catch',
  'finally',
  'constructor',
  'prototype',
  '__proto__',
  'toJSON',
  'toString',
  'valueOf',
  'toLocaleString',
  'inspect',
  'asymmetricMatch',
  '$$typeof',
  'nodeType',
  '@@__IMMUTABLE_ITERABLE__@@',
  '@@__IMMUTABLE_RECORD__@@',
  '_isMockFunction',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
]);

/** The call a verb node makes when invoked. */
type Verb = { method: HttpMethod; sync: boolean };

/** The root of a chain over `client`. */
export function createChain(client: Client): Wechatpay {
  return nodeProxy(client, [], undefined, true) as Wechatpay;
}

function nodeProxy(client: Client, segments: readonly string[], verb: Verb | undefined, isRoot = false): unknown {
  const path = segments.join('/');
  /** A verb node's call template: its path without the verb. */
  const template = segments.slice(0, -1).join('/');
  const children = new Map<string, unknown>();
  /** A verb node checks its path once, at its first call: a refused path is checked (and refused) again each time. */
  let checked = false;
  const show = () => path;
  // console.log says what the node is: the root names its client (never a key), a verb node its call.
  const described = isRoot
    ? `[Wechatpay chain root: mchid ${client.mchid}, baseURL ${safeUrl(client.baseURL)}]`
    : verb
      ? `[Wechatpay chain ${segments.slice(0, -1).join('/')} .${verb.method.toLowerCase()}${verb.sync ? '' : 'Async'}()]`
      : `[Wechatpay chain ${path}]`;
  const describe = () => described;
  // The target is a function so verb nodes can be called; util.inspect reads the target, not the proxy.
  const target = Object.defineProperty(() => undefined, inspect.custom, { value: describe, configurable: true });

  /** The cached child for `key`; `make` (which normalises the key) runs only the first time. */
  const child = (key: string, make: () => { segment: string[]; verb?: Verb | undefined }): unknown => {
    let found = children.get(key);
    if (found === undefined) {
      const { segment, verb: childVerb } = make();
      found = nodeProxy(client, [...segments, ...segment], childVerb);
      children.set(key, found);
    }
    return found;
  };

  return new Proxy(target, {
    get(_, key) {
      if (typeof key === 'symbol') {
        if (key === Symbol.toPrimitive) return show;
        if (key === inspect.custom) return describe;
        if (key === Symbol.toStringTag) return 'WechatpayChain';
        return undefined;
      }
      if (key === 'toJSON' || key === 'toString' || key === 'valueOf') return show;
      if (NOT_SEGMENTS.has(key)) return undefined;
      if (key === 'chain') return (more: string) => chainPath(more);
      if (isRoot && key === 'getDriver') return () => client;
      return child(key, () => (key.includes('/') ? { segment: pathSegments(key) } : { segment: [normalizeSegment(key)], verb: VERBS.get(key) }));
    },
    apply(_, __, args: unknown[]) {
      if (!verb) {
        throw new ParameterError(path || '(the chain root)', `is a path, not a verb: call .get(), .post(), .postAsync()… on it`);
      }
      if (!checked) {
        try {
          checkPath(segments.slice(0, -1));
        } catch (error) {
          // An asynchronous verb rejects, as for any other bad input; it never throws where it is called.
          if (verb.sync) throw error;
          return Promise.reject(error);
        }
        checked = true;
      }
      return verb.sync ? client.request(verb.method, template, args[0] as never) : client.requestAsync(verb.method, template, args[0] as never);
    },
    ownKeys: () => [],
    getOwnPropertyDescriptor: () => undefined,
    has: (_, key) => typeof key === 'string' && !NOT_SEGMENTS.has(key),
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });

  function chainPath(more: unknown): unknown {
    if (typeof more !== 'string') throw new ParameterError('chain', `takes a path string, got ${more === null ? 'null' : typeof more}`);
    // A key no property can be, so chain(x) and [x] never share a cache entry.
    return child(`\0chain\0${more}`, () => ({ segment: pathSegments(more) }));
  }
}

/** What a path must pass before its first call: nothing that leaves the baseURL, and no misspelt catalog path. */
function checkPath(segments: readonly string[]): void {
  checkChainPath(segments);
  checkCatalog(segments);
}
