import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

it('shows in docs/guide/testing.md the very code of guide-example.spec.ts, which runs it', () => {
  const guide = read('docs/guide/testing.md');
  const marker = '<!-- the same code as spec/testing/guide-example.spec.ts, which runs it -->\n```ts\n';
  const start = guide.indexOf(marker);
  expect(start).toBeGreaterThan(0);
  const block = guide.slice(start + marker.length, guide.indexOf('```', start + marker.length));
  expect(block).toBe(read('spec/testing/guide-example.spec.ts'));
});
