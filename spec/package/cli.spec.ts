import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packed, ROOT, run, type Packed } from '../support/packed.js';

let installed: Packed;
let bin: string;

beforeAll(async () => {
  installed = await packed();
  const { bin: bins } = JSON.parse(readFileSync(join(installed.package, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  bin = join(installed.package, bins.wechatpay ?? '');
}, 180_000);

describe('the installed wechatpay command', () => {
  it('is a Node script, as npm links it', () => {
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await run(process.execPath, [bin, '--version'], { cwd: installed.dir })).toBe(`${version}\n`);
  });

  it("runs the demo: the six styles, every answer verified, then one order's life step by step", async () => {
    const out = await run(process.execPath, [bin, 'demo'], { cwd: installed.dir });
    const lines = out.split('\n');
    expect(lines.filter((line) => / 200 verified in +\d+\.\d ms {2}Request-ID /.test(line))).toHaveLength(6);
    const steps = lines.filter((line) => /^[a-z]+ {2,}\S.* \d+\.\d ms {2}/.test(line));
    expect(
      steps.map((line) =>
        line
          .split(/\s{2,}/)
          .slice(0, 2)
          .join(' '),
      ),
    ).toEqual([
      'order 200 verified',
      'pay SUCCESS',
      'callback TRANSACTION.SUCCESS',
      'refund 200 verified',
      'settle SUCCESS',
      'callback REFUND.SUCCESS',
      'bill 200 verified',
    ]);
    const records = lines.filter((line) => /^ {10}\d{4}-\d\d-\d\d /.test(line)).map((line) => line.trim().split(/\s{2,}/)[1]);
    expect(records).toEqual(['SUCCESS', 'REFUND']);
  });
});
