import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { packed, ROOT, type Packed } from '../support/packed.js';

let installed: Packed;

beforeAll(async () => {
  installed = await packed();
}, 180_000);

/**
 * A user's file. The two `@ts-expect-error` lines make it fail when the types do not resolve (everything `any`)
 * as surely as when they are wrong.
 */
const CONSUMER = `import { Builder, type WechatpayResponse } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { createWechatpayMock, type WechatpayMock } from 'wechatpay-ts/testing';
import { redisStore, type RedisLikeClient } from 'wechatpay-ts/redis';

declare const simulator: Simulator;
const instance = Builder.factory(simulator.config);
const complete = instance.v3.payscore.smartretailOrders._out_order_no_.complete;
export const response: WechatpayResponse = complete.post({ out_order_no: 'A1', json: { appid: 'wxd678efh567hg6787', service_id: '500001', total_amount: 1 } });
export const orderId: string | undefined = response.json<{ order_id?: string }>().order_id;
// @ts-expect-error: the catalog types finish_type as 1 | 2
complete.post({ out_order_no: 'A1', json: { appid: 'wxd678efh567hg6787', service_id: '500001', total_amount: 1, finish_type: 3 } });
// @ts-expect-error: the simulator takes options, not a port number
void startSimulator(8080);
export const wechatpay: WechatpayMock = createWechatpayMock({ seed: 'types' });
export const handlers: unknown[] = wechatpay.handlers;
export const fromMock = Builder.factory({ ...wechatpay.config });
// @ts-expect-error: callbacks go to a function, not a URL
createWechatpayMock({ onCallback: 'https://shop.example.com/notify' });
declare const redis: RedisLikeClient;
export const store = redisStore(redis, { prefix: 'shop:' });
// @ts-expect-error: the prefix is a string
redisStore(redis, { prefix: 1 });
`;

/** Parsed files, shared by the programs below: each would parse the package's declarations (3 MB) again. */
const parsed = new Map<string, ts.SourceFile | undefined>();

/** Type-checks CONSUMER in a project of its own (package.json `type` as given) inside the installing project. */
function check(name: string, type: 'module' | 'commonjs', options: ts.CompilerOptions): string[] {
  const dir = join(installed.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type }));
  const file = join(dir, 'consumer.ts');
  writeFileSync(file, CONSUMER);
  const compilerOptions: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')],
    ...options,
  };
  const host = ts.createCompilerHost(compilerOptions);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => {
    // A file parses differently as ESM or CommonJS: the key holds the format the resolution implies.
    const key = `${name}\0${JSON.stringify(version)}`;
    if (!parsed.has(key)) parsed.set(key, read(name, version, ...rest));
    return parsed.get(key);
  };
  const program = ts.createProgram([file], compilerOptions, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('the installed package types, wechatpay-ts, wechatpay-ts/simulator, wechatpay-ts/testing and wechatpay-ts/redis alike', () => {
  it('resolve for an ES module project (module and moduleResolution nodenext)', () => {
    expect(check('esm-nodenext', 'module', { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext })).toEqual([]);
  });

  it('resolve for a bundler project (moduleResolution bundler)', () => {
    expect(check('esm-bundler', 'module', { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler })).toEqual([]);
  });

  it('resolve for a CommonJS project on node10 resolution (NestJS and older tsconfigs), through typesVersions', () => {
    expect(check('cjs-node10', 'commonjs', { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 })).toEqual([]);
  });

  it('resolve for a CommonJS project on nodenext (require of an ES module, Node >= 20.19)', () => {
    expect(check('cjs-nodenext', 'commonjs', { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext })).toEqual([]);
  });
});
