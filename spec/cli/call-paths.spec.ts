import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherHost } from '../support/other-host.js';
import { SEED, simulated } from '../support/simulated.js';
import { sourceCli } from '../support/source-build.js';

// The CLI of the source under test (spec/support/source-build.setup.ts), never a stale dist/.
const BIN = sourceCli();
const env = simulated();
const other = otherHost();
let dir: string;
let configFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wechatpay-cli-paths-'));
  configFile = join(dir, 'sim.json');
  writeFileSync(configFile, JSON.stringify(env.simulator.config));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI as a user would; resolves with its exit code and output, whatever the code. */
function wechatpay(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args, '-c', configFile], { timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('wechatpay <uri> and download refuse a path that leaves the baseURL or climbs, sending nothing', () => {
  // 2130706433 is 127.0.0.1 written as one number: a host without dots, for the dotted chain form.
  it.each([
    ['a URL', (p: number) => [`http://127.0.0.1:${p}/x`], /has a scheme \(http:\)/],
    ['an upper-case scheme', (p: number) => [`HTTP://127.0.0.1:${p}/x`], /has a scheme \(HTTP:\)/],
    ['backslashes', (p: number) => [`\\\\127.0.0.1:${p}/x`], /has a backslash/],
    ['backslashes in the dotted chain form', (p: number) => [`\\\\2130706433:${p}.x`], /has a backslash/],
    ['an authority', (p: number) => [`//127.0.0.1:${p}/x`], /starts with \/\//],
    ['dot segments', () => ['v3/merchant-service/images/../../../m/unsigned'], /has a dot segment/],
    ['download from backslashes', (p: number) => ['download', `\\\\127.0.0.1:${p}/x`, '-o', join(dir, 'x')], /has a backslash/],
  ])('%s', async (_, args, message) => {
    const before = (await env.simulator.received()).length;
    const run = await wechatpay(args(other.port));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ParameterError ERR_PARAMETER: path: "/);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(other.counts()).toEqual({ connections: 0, requests: 0, signed: 0 });
    expect((await env.simulator.received()).length).toBe(before);
  });

  it("refuses wechatpay-php's camelCase path with the catalog's spelling", async () => {
    const run = await wechatpay(['v3/payscore/smartretailOrders/{out_order_no}/complete', '-m', 'POST', '-p', 'out_order_no=CLI9', '-d', '{}']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`did you mean ${SEED}?`);
  });
});
