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

  it('runs the demo: the simulator in a worker, an order completed in all six styles, every answer verified', async () => {
    const out = await run(process.execPath, [bin, 'demo'], { cwd: installed.dir });
    expect(out.split('\n').filter((line) => / verified in /.test(line))).toHaveLength(6);
  });
});
