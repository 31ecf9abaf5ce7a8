import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/packed.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SITE = 'https://wechatpay-ts.github.io/wechatpay-ts/';

/** The targets of inline links `[text](target)`, reference definitions `[label]: target` and HTML `href`/`src`. */
function links(markdown: string): string[] {
  const outsideCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [
    ...[...outsideCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1] as string),
    ...[...outsideCode.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((match) => match[1] as string),
    ...[...outsideCode.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((match) => match[1] as string),
  ];
}

describe('README.md, which is also the npm page', () => {
  it('opens with the two commands and the integration tests, then the install line', () => {
    const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] as string);
    expect(blocks[0]?.split('\n').map((line) => line.replace(/\s+#.*$/, ''))).toEqual([
      'npm ci && npm start',
      'npm ci && npm test',
      'npm run test:integration',
      '',
    ]);
    expect(blocks[1]).toBe('npm install wechatpay-ts\n');
    // Right after: only a line of prose between the two blocks, no section.
    const between = README.slice(README.indexOf('```', README.indexOf('```sh') + 5) + 3, README.indexOf('```sh', README.indexOf('```sh') + 5));
    expect(between).not.toMatch(/^#/m);
  });

  it('links only to absolute https addresses, which work on npm as on GitHub', () => {
    const found = links(README);
    expect(found.length).toBeGreaterThan(20);
    expect(found.filter((target) => !target.startsWith('https://'))).toEqual([]);
  });

  it('links to documentation pages that exist', () => {
    const pages = links(README)
      .filter((target) => target.startsWith(SITE))
      .map((target) => target.slice(SITE.length).replace(/#.*$/, ''));
    expect(pages.length).toBeGreaterThan(20);
    expect(pages.filter((page) => !/\.html$/.test(page) || !existsSync(join(ROOT, 'docs', page.replace(/\.html$/, '.md'))))).toEqual([]);
  });
});
