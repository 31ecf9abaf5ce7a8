import { describe, expect, it } from 'vitest';
import { codeBlocks, type CodeBlock } from './support/code-blocks.js';
import { DOCS, EXAMPLES, ROOT } from './support/docs-paths.js';
import { typecheck, type Snippet } from './support/typecheck.js';

/** The module the reference examples import their client from: the configuration of Getting started. */
const CLIENT = `import { Builder } from 'wechatpay-ts';

export const instance = Builder.factory({
  mchid: '1900000001',
  serial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
  privateKey: 'file:///path/to/apiclient_key.pem',
  certs: { PUB_KEY_ID_0114232134912410000000000000: 'file:///path/to/pub_key.pem' },
});
`;

/**
 * Names the guides' snippets use without defining them, because the text around each snippet does (the client of
 * Getting started, the `notification` of Callbacks, your own functions). A script, so its names are global.
 */
const GUIDE_PRELUDE = `declare const instance: ReturnType<typeof import('wechatpay-ts').Builder.factory>;
declare const notification: import('wechatpay-ts').Notification;
declare const apiV3Key: string;
declare const simulator: import('wechatpay-ts/simulator').Simulator;
declare const rawBody: Buffer;
declare const req: import('node:http').IncomingMessage;
declare const onNotify: (request: Request) => Promise<Response>;
declare function markPaid(outTradeNo: string, eventId: string): Promise<void>;
declare function enqueue(event: import('wechatpay-ts').NotificationEvent<unknown>): Promise<void>;
declare function handle(event: import('wechatpay-ts').NotificationEvent<unknown>): Promise<void>;
declare function startMyApp(notification: import('wechatpay-ts').Notification): Promise<void>;
declare const config: import('wechatpay-ts').ClientConfig;
declare const complete: typeof instance.v3.payscore.smartretailOrders._out_order_no_.complete;
declare const out_order_no: string;
declare const appid: string;
declare const service_id: string;
`;

/** A program of a few hundred files keeps each tsc run's memory small and a failure's batch easy to find. */
const BATCH = 600;

const typescript = (blocks: CodeBlock[]) => blocks.filter((block) => block.lang === 'ts');

/** Each block as its own module (`export {}`), so top-level names and `await` never clash between blocks. */
function snippets(blocks: CodeBlock[], prefix: string): Snippet[] {
  return blocks.map((block, index) => ({
    name: `${prefix}-${String(index).padStart(5, '0')}.ts`,
    origin: `docs/${block.page}:${block.line}${block.label ? ` [${block.label}]` : ''}`,
    code: `${block.code}export {};\n`,
  }));
}

function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

describe('the examples of the reference compile against the package', () => {
  const endpoints = typescript(codeBlocks(DOCS, 'openapi'));
  const webhooks = typescript(codeBlocks(DOCS, 'webhooks'));

  it('has six examples per operation and one handler per callback', () => {
    expect(endpoints.length).toBeGreaterThan(6 * 1000);
    expect(endpoints.length % 6).toBe(0);
    expect(webhooks.length).toBe(115);
  });

  const all = [...snippets(endpoints, 'endpoint'), ...snippets(webhooks, 'webhook')];
  batches(all).forEach((batch, index) => {
    it(`batch ${index + 1}: ${batch[0]?.origin} …`, () => {
      const errors = typecheck(`${EXAMPLES}batch-${index}`, batch, { 'client.ts': CLIENT }, `${ROOT}tsconfig.json`);
      expect(errors).toEqual([]);
    }, 120_000);
  });
});

/**
 * Guide blocks that do not compile on purpose, each with the reason. The spec fails as soon as one of them
 * compiles, so the page and this list cannot drift apart.
 */
const KNOWN_GAPS = new Map([['docs/guide/typed-endpoints.md:51', 'shows on purpose the error a misspelt field gives']]);

describe('the TypeScript blocks of the guides compile against the package', () => {
  const guides = typescript(codeBlocks(DOCS, 'guide'));

  it('has TypeScript blocks in the guides', () => {
    expect(guides.length).toBeGreaterThan(50);
  });

  it('all compile (framework blocks are js: their packages are not dependencies of this project)', () => {
    const errors = typecheck(`${EXAMPLES}guides`, snippets(guides, 'guide'), { 'prelude.d.ts': GUIDE_PRELUDE }, `${ROOT}tsconfig.json`);
    const gap = (error: string) => [...KNOWN_GAPS.keys()].find((origin) => error.startsWith(`${origin} `));
    expect(errors.filter((error) => !gap(error))).toEqual([]);
    // A known gap that compiles now is fixed: remove it from KNOWN_GAPS.
    expect([...KNOWN_GAPS.keys()].filter((origin) => !errors.some((error) => gap(error) === origin))).toEqual([]);
  }, 120_000);
});
