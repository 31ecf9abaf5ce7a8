import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Builder } from 'wechatpay-ts';
import { codeBlocks } from './support/code-blocks.js';
import { DOCS } from './support/docs-paths.js';

// A client that never sends anything: only its chain is used, to read back the path each example names.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const instance = Builder.factory({ mchid: '1900000001', serial: 'TEST', privateKey, certs: { PUB_KEY_ID_0100000000000000000000000000: publicKey } });
afterAll(() => instance.getDriver().close());

/** `instance<expression>.<verb>(`, as each example writes its call. */
const CALL = /const response = (?:await )?instance((?:\.[\w$]+|\.chain\('[^']*'\)|\['[^']*'\])+?)\.(?:get|put|post|patch|delete)(?:Async)?\(/;
/** The path a page states under its title: `` `v3/…` · APIv3 · … ``. */
const PAGE_PATH = /^`([^`]+)` · API/m;

describe('every reference example calls the path of its page', () => {
  const blocks = codeBlocks(DOCS, 'openapi').filter((block) => block.lang === 'ts');
  const pagePaths = new Map<string, string>();
  const pagePath = (page: string) => {
    if (!pagePaths.has(page)) pagePaths.set(page, PAGE_PATH.exec(readFileSync(`${DOCS}${page}`, 'utf8'))?.[1] ?? '(no path on the page)');
    return pagePaths.get(page);
  };

  it('in all six styles, the chain gives back the page path exactly', () => {
    const wrong: string[] = [];
    for (const block of blocks) {
      const call = CALL.exec(block.code);
      if (!call) {
        wrong.push(`${block.page} [${block.label}]: no call found`);
        continue;
      }
      // Evaluated on a real chain: a node's string form is the path it builds, placeholders as `{name}`.
      const node: unknown = new Function('instance', `return instance${call[1]};`)(instance);
      if (String(node) !== pagePath(block.page)) wrong.push(`${block.page} [${block.label}]: ${String(node)} instead of ${pagePath(block.page)}`);
    }
    expect(blocks.length).toBeGreaterThan(6000);
    expect(wrong).toEqual([]);
  });
});
