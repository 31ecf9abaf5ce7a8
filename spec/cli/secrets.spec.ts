import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { fixture } from '../support/fixtures.js';
import { sourceCli } from '../support/source-build.js';

// The CLI of the source under test (spec/support/source-build.setup.ts), never a stale dist/.
const BIN = sourceCli();
const SEED = 'v3/payscore/smartretail-orders/{out_order_no}/complete';
const ORDER = '{"appid":"wxd678efh567hg6787","service_id":"500001","total_amount":1200}';
/** A platform certificate the simulator lists, so that `crt` has something to download. */
const A = {
  serial: '6B1F2E3D4C5B6A79808F9E0D1C2B3A4958677685',
  privateKey: fixture('platform-a-key.pem'),
  certificate: fixture('platform-a-cert.pem'),
};

/** Runs the built CLI as a user would; resolves with its exit code and output, whatever the code. */
function wechatpay(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The lines of a PEM body, none of which an error may print. */
const bodyLines = (pem: string) => pem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----'));

let dir: string;
let simulator: Simulator;
let keyFile: string;
let apiV3KeyFile: string;
/** Where a refused command would send: it counts what arrives. */
let sink: Server;
let sinkURL: string;
let arrived = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wechatpay-cli-secrets-'));
  simulator = await startSimulator({ platform: A });
  keyFile = join(dir, 'apiclient_key.pem');
  writeFileSync(keyFile, simulator.config.privateKey as string, { mode: 0o600 });
  apiV3KeyFile = join(dir, 'apiv3.key');
  // As `echo KEY > apiv3.key` leaves it: with a line break.
  writeFileSync(apiV3KeyFile, `${simulator.apiV3Key}\n`, { mode: 0o600 });
  sink = createServer((_, response) => {
    arrived += 1;
    response.end();
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  sinkURL = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await simulator.close();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

/** The merchant's identity for the simulator, without its key. */
const identity = () => ['--mchid', simulator.mchid, '--serial', simulator.merchant.serial, '--base-url', simulator.baseURL];
const call = (id: string) => [SEED, '-m', 'POST', '-p', `out_order_no=${id}`, '-d', ORDER];

describe('secret flags name where the secret is', () => {
  it('--private-key takes a path, a file:// URL, or env:NAME', async () => {
    const [[id, publicKey]] = Object.entries(simulator.config.certs as Record<string, string>) as [[string, string]];
    // Public, so it may be given as text.
    const certs = ['--cert', `${id}=${publicKey}`];
    const runs = [
      await wechatpay([...call('S1'), ...identity(), ...certs, '--private-key', keyFile]),
      await wechatpay([...call('S2'), ...identity(), ...certs, '--private-key', pathToFileURL(keyFile).href]),
      await wechatpay([...call('S3'), ...identity(), ...certs, '--private-key', 'env:MY_MERCHANT_KEY'], {
        MY_MERCHANT_KEY: simulator.config.privateKey as string,
      }),
      // Without the flag, WECHATPAY_PRIVATE_KEY may hold the PEM itself: the environment is not in the process list.
      await wechatpay([...call('S4'), ...identity(), ...certs], { WECHATPAY_PRIVATE_KEY: simulator.config.privateKey as string }),
    ];
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.stdout.split('\n')[0]).toBe(`HTTP 200 POST ${SEED}`);
      expect(run.code).toBe(0);
    }
  });

  it('--api-v3-key of crt takes a file (its line break dropped), or env:NAME', async () => {
    const crt = ['crt', '-m', simulator.mchid, '-s', simulator.merchant.serial, '-f', keyFile, '--base-url', simulator.baseURL];
    const fromFile = await wechatpay([...crt, '-k', apiV3KeyFile]);
    const fromVariable = await wechatpay([...crt, '--api-v3-key', 'env:SIM_APIV3_KEY'], { SIM_APIV3_KEY: simulator.apiV3Key });
    for (const run of [fromFile, fromVariable]) {
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(new RegExp(`^${A.serial}  valid 2020-01-01T00:00:00.000Z`));
      expect(run.code).toBe(0);
    }
  });

  it('--config-out names a file only its owner can read, even one that existed with another mode', async () => {
    const out = join(dir, 'existing.json');
    writeFileSync(out, '{"old": true}\n');
    chmodSync(out, 0o644);
    const child = spawn(process.execPath, [BIN, 'simulate', '--port', '0', '--config-out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const started = Date.now();
      let written: { privateKey?: string; apiV3Key?: string; simulator?: { platform?: { privateKey?: string } } } = {};
      while (written.privateKey === undefined) {
        if (Date.now() - started > 15_000) throw new Error('the simulator did not write its configuration');
        await new Promise((resolve) => setTimeout(resolve, 50));
        written = JSON.parse(readFileSync(out, 'utf8')) as typeof written;
      }
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(written.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(written.simulator?.platform?.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(written.apiV3Key).toMatch(/^[\x21-\x7e]{32}$/);
      expect(written).not.toHaveProperty('old');
      // No temporary file is left beside it.
      expect(readdirSync(dir).filter((name) => name.includes('existing'))).toEqual(['existing.json']);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  it('--config-out that cannot be written stops the simulator with a usage error', async () => {
    const out = join(dir, 'no-such-folder', 'sim.json');
    const run = await wechatpay(['simulate', '--port', '0', '--config-out', out]);
    expect(run).toMatchObject({ code: 2, stderr: `ConfigError ERR_CONFIG: --config-out: cannot write ${out}: ENOENT\n` });
  });
});

describe('a secret in an argument is refused, not repeated, and nothing is sent', () => {
  const pem = () => simulator.config.privateKey as string;
  const pkcs8 = () => bodyLines(pem()).join('');
  const PRIVATE_KEY_REFUSED =
    /^ConfigError ERR_CONFIG: --private-key: takes a file path, a file:\/\/ URL or env:NAME, not the key itself: every user of this machine can read a command's arguments \(ps\)\. Save it to a file only you can read and pass its path, or set WECHATPAY_PRIVATE_KEY \(or any variable, passed as env:NAME\)\n$/;

  it.each<[string, () => string[], RegExp]>([
    ['PEM text in --private-key', () => [...call('R1'), '--private-key', pem()], PRIVATE_KEY_REFUSED],
    ['a private.pkcs8:// string in --private-key', () => [...call('R2'), '--private-key', `private.pkcs8://${pkcs8()}`], PRIVATE_KEY_REFUSED],
    ['bare base64 DER in --private-key', () => [...call('R3'), '--private-key', pkcs8()], PRIVATE_KEY_REFUSED],
    ['PEM text in -f of crt', () => ['crt', '-f', pem(), '-k', apiV3KeyFile], PRIVATE_KEY_REFUSED],
    [
      'a private key in --cert',
      () => [...call('R4'), '--private-key', keyFile, '--cert', `PUB_KEY_ID_01=${pem()}`],
      /^ConfigError ERR_CONFIG: --cert: PUB_KEY_ID_01 is given a private key; --cert takes WeChat Pay's public key or platform certificate\n$/,
    ],
    [
      'an unset variable',
      () => [...call('R5'), '--private-key', 'env:NO_SUCH_VARIABLE_HERE'],
      /^ConfigError ERR_CONFIG: --private-key: names the environment variable NO_SUCH_VARIABLE_HERE, which is not set or empty\n$/,
    ],
    [
      'env: without a name',
      () => [...call('R6'), '--private-key', 'env:'],
      /^ConfigError ERR_CONFIG: --private-key: env: must be followed by the name of an environment variable/,
    ],
  ])('%s', async (_, args, stderr) => {
    const before = arrived;
    const run = await wechatpay([...args(), '--mchid', '1900000001', '--serial', 'ABC', '--base-url', sinkURL], {
      WECHATPAY_APIV3_KEY: '',
      WECHATPAY_PRIVATE_KEY: '',
    });
    expect(run.stderr).toMatch(stderr);
    expect(run.code).toBe(2);
    for (const line of bodyLines(pem())) expect(run.stderr).not.toContain(line);
    expect(arrived).toBe(before);
  });

  it('the APIv3 key itself in --api-v3-key', async () => {
    const before = arrived;
    const run = await wechatpay(['crt', '-m', '1900000001', '-s', 'ABC', '-f', keyFile, '-k', simulator.apiV3Key, '--base-url', sinkURL]);
    expect(run.stderr).toBe(
      "ConfigError ERR_CONFIG: --api-v3-key: takes a file path, a file:// URL or env:NAME, not the key itself: every user of this machine can read a command's arguments (ps). Save it to a file only you can read and pass its path, or set WECHATPAY_APIV3_KEY (or any variable, passed as env:NAME)\n",
    );
    expect(run.code).toBe(2);
    expect(arrived).toBe(before);
  });

  it('a file that is not there', async () => {
    const run = await wechatpay(['crt', '-m', '1900000001', '-s', 'ABC', '-f', keyFile, '-k', join(dir, 'absent.key'), '--base-url', sinkURL]);
    expect(run).toMatchObject({ code: 2, stderr: `ConfigError ERR_CONFIG: --api-v3-key: cannot read ${join(dir, 'absent.key')}: ENOENT\n` });
  });

  it('says so in --help', async () => {
    for (const args of [['--help'], ['crt', '--help'], ['download', '--help']]) {
      const help = await wechatpay(args);
      expect(help.code).toBe(0);
      expect(help.stdout.replace(/\s+/g, ' ')).toContain(
        'Secrets: --private-key (and --api-v3-key of crt) take a file path, a file:// URL or env:NAME (a variable that holds the secret), never the secret itself',
      );
    }
  });
});
