/**
 * What the built-in retry costs a call whose first attempt succeeds (the common case): one stack run of the `retry`
 * middleware (with a backup host, as a default client has), against a middleware that only passes a `copyRequest`
 * on, which is what every attempt must get. The transport answers at once, so only the middleware is measured.
 *
 *   npx vitest bench --run spec/bench/retry.bench.ts
 *
 * A measurement, not a pass/fail test: the table (file-level `afterAll`, its own interleaved rounds) says whether the
 * goal (retry ≤ 1.2 × the copy) was met.
 */
import { afterAll, bench, describe } from 'vitest';
import { copyRequest, HostHealth, MiddlewareStack, retry, type WechatpayRequest, WechatpayResponse } from 'wechatpay-ts';
import { printRows } from './support/print-rows.js';

const response = new WechatpayResponse(200, new Headers(), new Uint8Array(0));
const request = {
  method: 'GET',
  url: new URL('https://api.mch.weixin.qq.com/v3/pay/transactions/id/4200000001?mchid=1900000001'),
  headers: new Headers({ Accept: 'application/json', 'User-Agent': 'bench', 'Content-Type': 'application/json' }),
  body: undefined,
  template: 'v3/pay/transactions/id/{transaction_id}',
  options: {},
  sync: true,
  timeout: 30_000,
  signal: undefined,
  maxResponseBytes: 1024,
} satisfies WechatpayRequest;
const send = () => response;

const copying = new MiddlewareStack().push((given, next) => next(copyRequest(given)), 'copy');
const failover = { primary: new URL('https://api.mch.weixin.qq.com/'), backup: new URL('https://api2.wechatpay.cn/'), health: new HostHealth() };
const retrying = new MiddlewareStack().push(retry({ failover }), 'retry');

const SETTINGS = { time: 2000, warmupTime: 1000, warmupIterations: 20_000 };

describe('the retry middleware on the success path', () => {
  bench('copyRequest middleware', () => void copying.run(request, send), SETTINGS);
  bench('retry middleware', () => void retrying.run(request, send), SETTINGS);
});

/** Nanoseconds per call of `stack`, over `calls` calls. */
function perCall(stack: MiddlewareStack, calls: number): number {
  const started = performance.now();
  for (let i = 0; i < calls; i += 1) stack.run(request, send);
  return ((performance.now() - started) / calls) * 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

// The table's figures: interleaved rounds after a warm-up, so that the noise of a shared machine hits both alike.
afterAll(() => {
  perCall(copying, 50_000);
  perCall(retrying, 50_000);
  const copy: number[] = [];
  const measured: number[] = [];
  for (let round = 0; round < 15; round += 1) {
    copy.push(perCall(copying, 20_000));
    measured.push(perCall(retrying, 20_000));
  }
  const [base, retried] = [median(copy), median(measured)];
  printRows('Retry on the success path', [
    {
      row: 'retry middleware vs a middleware passing copyRequest, per call',
      ratio: retried / base,
      goal: 1.2,
      detail: `${retried.toFixed(0)} ns vs ${base.toFixed(0)} ns`,
    },
  ]);
});
