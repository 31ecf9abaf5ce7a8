import { ParameterError } from '../errors/parameter-error.js';
import type { OperationSpec } from './catalog.js';
import { errorReply, type JsonReply } from './reply.js';

/** A misbehaviour programmed from a test: which requests it hits, how often, and what happens to them. */
export interface FaultRule {
  /** The catalog operation, `'POST v3/pay/transactions/jsapi'` (method and path template); default: any. */
  operation?: string;
  /** The request path, `'v3/pay/transactions/out-trade-no/T1'` (leading `/` optional, no query); default: any. */
  path?: string;
  /** How many matching requests it hits; default: every one until `faults.clear()`. */
  times?: number;
  /** The chance (above 0, up to 1) that it hits a matching request; a request it spares goes on to the next rule. Default 1. */
  probability?: number;
  kind: FaultKind;
}

/**
 * - `status`: answers that HTTP status with WeChat Pay's signed error body (`SYSTEM_ERROR` for 500, `FREQUENCY_LIMITED`
 *   for 429, or the `code` given); APIv2 calls get `return_code` FAIL.
 * - `reset`: drops the connection before answering.
 * - `delay`: waits `ms` milliseconds, then answers as usual.
 * - `hang`: never answers.
 * - `tamper`: answers as usual, with one byte of the body changed after signing.
 */
export type FaultKind =
  | { type: 'status'; status: number; code?: string; message?: string }
  | { type: 'reset' }
  | { type: 'delay'; ms: number }
  | { type: 'hang' }
  | { type: 'tamper' };

/** What a programmed fault does to one request. */
export interface FaultEffect {
  reply?: JsonReply;
  reset?: boolean;
  hang?: boolean;
  tamper?: boolean;
}

const CODES: Record<number, [string, string]> = {
  429: ['FREQUENCY_LIMITED', '频率超限 (simulated)'],
  500: ['SYSTEM_ERROR', '系统错误 (simulated)'],
  502: ['SYSTEM_ERROR', '系统错误 (simulated)'],
  503: ['SYSTEM_ERROR', '系统繁忙 (simulated)'],
};

/** Checks a rule as given (it may come from another thread or process); a `ParameterError` names what is wrong. */
export function checkFaultRule(rule: unknown): FaultRule {
  if (rule === null || typeof rule !== 'object') throw new ParameterError('fault', 'must be an object { operation?, path?, times?, kind }');
  const { operation, path, times, probability, kind } = rule as Record<string, unknown>;
  if (operation !== undefined && (typeof operation !== 'string' || !/^(GET|POST|PUT|PATCH|DELETE) \S+$/.test(operation))) {
    throw new ParameterError('fault.operation', "must be a method and a catalog path, e.g. 'POST v3/pay/transactions/jsapi'");
  }
  if (path !== undefined && (typeof path !== 'string' || path === ''))
    throw new ParameterError('fault.path', 'must be a request path such as v3/pay/transactions/out-trade-no/T1');
  if (times !== undefined && !(Number.isInteger(times) && (times as number) > 0))
    throw new ParameterError('fault.times', 'must be a whole number of requests, 1 or more');
  if (probability !== undefined && !(typeof probability === 'number' && probability > 0 && probability <= 1))
    throw new ParameterError('fault.probability', 'must be a number above 0 and up to 1 (the chance that a matching request is hit)');
  if (kind === null || typeof kind !== 'object')
    throw new ParameterError('fault.kind', "must be { type: 'status' | 'reset' | 'delay' | 'hang' | 'tamper', … }");
  const { type, status, ms } = kind as Record<string, unknown>;
  if (type === 'status' && !(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599))
    throw new ParameterError('fault.kind.status', 'must be an HTTP error status, 400 to 599');
  if (type === 'delay' && !(typeof ms === 'number' && ms >= 0 && Number.isFinite(ms)))
    throw new ParameterError('fault.kind.ms', 'must be a number of milliseconds, 0 or more');
  if (!['status', 'reset', 'delay', 'hang', 'tamper'].includes(type as string))
    throw new ParameterError('fault.kind.type', "must be 'status', 'reset', 'delay', 'hang' or 'tamper'");
  return rule as FaultRule;
}

/** The programmed faults of a simulator, consulted for every request. */
export class FaultRules {
  #rules: Array<{ rule: FaultRule; left: number }> = [];

  add(rule: FaultRule): void {
    checkFaultRule(rule);
    this.#rules.push({ rule: { ...rule }, left: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.#rules = [];
  }

  /** The effect on this request of the first rule that matches it (its count goes down), after any delay. */
  async apply(method: string, pathname: string, operation: OperationSpec | undefined): Promise<FaultEffect | undefined> {
    const path = pathname.replace(/^\//, '');
    const found = this.#rules.find(
      ({ rule, left }) =>
        left > 0 &&
        (rule.operation === undefined || rule.operation === operation?.key) &&
        (rule.path === undefined || rule.path.replace(/^\//, '') === path) &&
        methodFits(rule, method) &&
        (rule.probability === undefined || Math.random() < rule.probability),
    );
    if (!found) return undefined;
    found.left -= 1;
    // A spent rule goes: a long run adding rules with `times` would otherwise scan an ever longer list.
    if (found.left === 0) this.#rules.splice(this.#rules.indexOf(found), 1);
    const { kind } = found.rule;
    if (kind.type === 'delay') {
      await new Promise((resolve) => setTimeout(resolve, kind.ms));
      return undefined;
    }
    if (kind.type === 'status') {
      const [code, message] = CODES[kind.status] ?? ['SYSTEM_ERROR', '系统错误 (simulated)'];
      return { reply: errorReply(kind.status, kind.code ?? code, kind.message ?? message) };
    }
    if (kind.type === 'reset') return { reset: true };
    if (kind.type === 'hang') return { hang: true };
    return { tamper: true };
  }
}

function methodFits(rule: FaultRule, method: string): boolean {
  return rule.operation === undefined || rule.operation.startsWith(`${method} `);
}
