import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Notification } from 'wechatpay-ts';
import { startSimulator } from 'wechatpay-ts/simulator';
import { fixture } from '../support/fixtures.js';
import { sourceCli } from '../support/source-build.js';

/** The CLI built from lib/ for this run (spec/package/ runs the one of the built package). */
const BIN = sourceCli();
const SEED = 'v3/payscore/smartretail-orders/{out_order_no}/complete';
const ORDER = '{"appid":"wxd678efh567hg6787","service_id":"500001","total_amount":1200}';

/** Runs the CLI as a user would; resolves with its exit code and output, whatever the code. */
function wechatpay(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
let simulator: ChildProcess;
let configFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wechatpay-cli-'));
  configFile = join(dir, 'sim.json');
  simulator = spawn(process.execPath, [BIN, 'simulate', '--port', '0', '--config-out', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const started = Date.now();
  while (!existsSync(configFile)) {
    if (Date.now() - started > 15_000) throw new Error('the simulator did not write its configuration');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

afterAll(async () => {
  if (simulator.exitCode === null) {
    simulator.kill('SIGTERM');
    await new Promise((resolve) => simulator.once('exit', resolve));
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('wechatpay <uri>', () => {
  it('makes a signed call and prints the status, the verified body and the Request-ID', async () => {
    const run = await wechatpay([SEED, '-m', 'POST', '-p', 'out_order_no=CLI1', '-d', ORDER, '-c', configFile]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`HTTP 200 POST ${SEED}`);
    expect(JSON.parse(lines.slice(1, -2).join('\n'))).toEqual({
      appid: 'wxd678efh567hg6787',
      mchid: '1900000001',
      out_order_no: 'CLI1',
      service_id: '500001',
      order_id: expect.stringMatching(/^\d{20}$/),
    });
    expect(lines.at(-2)).toMatch(/^Request-ID: [0-9A-F]{32}$/);
  });

  it('takes the chain in dots, and the configuration from flags and key files', async () => {
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as {
      mchid: string;
      serial: string;
      privateKey: string;
      certs: Record<string, string>;
      baseURL: string;
    };
    const [[id, pem]] = Object.entries(config.certs) as [[string, string]];
    writeFileSync(join(dir, 'apiclient_key.pem'), config.privateKey);
    writeFileSync(join(dir, 'pub_key.pem'), pem);
    const flags = [
      '--mchid',
      config.mchid,
      '--serial',
      config.serial,
      '--private-key',
      join(dir, 'apiclient_key.pem'),
      '--cert',
      `${id}=${join(dir, 'pub_key.pem')}`,
      '--base-url',
      config.baseURL,
    ];
    const run = await wechatpay([
      'v3.payscore.smartretailOrders._out_order_no_.complete',
      '-m',
      'post',
      '-p',
      'out_order_no=CLI2',
      '-d',
      ORDER,
      ...flags,
    ]);
    expect(run.stdout.split('\n')[0]).toBe(`HTTP 200 POST ${SEED}`);
    expect(run.code).toBe(0);
  });

  it('reads the configuration file from WECHATPAY_CONFIG', async () => {
    const run = await wechatpay([SEED, '-m', 'POST', '-p', 'out_order_no=CLI3', '-d', ORDER], { WECHATPAY_CONFIG: configFile });
    expect(run.code).toBe(0);
  });

  it.each([
    [
      '3 for an error answer (ApiError), with its detail',
      [SEED, '-m', 'POST', '-p', 'out_order_no=CLI4', '-d', '{"appid":"a"}'],
      3,
      /^ApiError PARAM_ERROR: .*service_id.*\n\{ field: 'service_id'/,
    ],
    ['3 for an unknown path (NOT_FOUND)', ['v3/nothing'], 3, /^ApiError NOT_FOUND: /],
    [
      '4 for an answer that fails verification',
      ['v3/nothing', '-H', 'Wechatpay-Simulator-Fault: tamper-body,status=200'],
      4,
      /^VerificationError ERR_VERIFICATION_SIGNATURE: /,
    ],
    [
      '5 for a network failure',
      ['v3/nothing', '--base-url', 'http://127.0.0.1:1/'],
      5,
      /^TransportError ERR_TRANSPORT_CONNECT: GET http:\/\/127\.0\.0\.1:1\/v3\/nothing failed to connect: ECONNREFUSED/,
    ],
    ['2 for a bad method', ['v3/nothing', '-m', 'FETCH'], 2, /^ParameterError ERR_PARAMETER: --method: must be one of GET, PUT, POST, PATCH, DELETE/],
    ['2 for a body that is not JSON', ['v3/nothing', '-m', 'POST', '-d', '{'], 2, /^ParameterError ERR_PARAMETER: --data: is not JSON/],
    ['2 for a missing placeholder', [SEED, '-m', 'POST', '-d', ORDER], 2, /^ParameterError ERR_PARAMETER: out_order_no: /],
  ])('exits %s', async (_, args, code, stderr) => {
    const run = await wechatpay([...args, '-c', configFile]);
    expect(run.stderr).toMatch(stderr);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
  });

  it('exits 2 for a configuration it cannot use, naming the option and never printing a key', async () => {
    const missing = await wechatpay(['v3/nothing', '-c', join(dir, 'absent.json')]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^ConfigError ERR_CONFIG: --config: cannot read .*absent\.json: ENOENT/),
    });
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, readFileSync(configFile, 'utf8').replace('"mchid"', '"mchid" "'));
    const unreadable = await wechatpay(['v3/nothing', '-c', broken]);
    expect(unreadable.stderr).toMatch(/^ConfigError ERR_CONFIG: --config: .*broken\.json is not a JSON object/);
    expect(unreadable.stderr).not.toContain('PRIVATE KEY');
    const noKey = await wechatpay(['v3/nothing', '--mchid', '1900000001', '--serial', 'ABC', '--cert', 'PUB_KEY_ID_01=x.pem']);
    expect(noKey).toMatchObject({ code: 2, stderr: expect.stringMatching(/^ConfigError ERR_CONFIG: privateKey: is required/) });
  });

  it('shows help with exit code 0, and usage with 2 when there is nothing to do', async () => {
    const help = await wechatpay(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: wechatpay \[options\] \[command\] \[uri\]/);
    expect(help.stdout).toMatch(/Exit codes: 0 success, 2 usage or configuration, 3 WeChat Pay answered an error/);
    const none = await wechatpay([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Usage: wechatpay/);
    const badPort = await wechatpay(['simulate', '--port', 'abc']);
    expect(badPort).toMatchObject({ code: 2, stderr: expect.stringMatching(/argument 'abc' is invalid/) });
  });

  it('prints its version with --version and -V', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await wechatpay(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(await wechatpay(['-V'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('calls a bare word an unknown command (exit 2), not an endpoint to configure', async () => {
    expect(await wechatpay(['frobnicate'])).toEqual({ code: 2, stdout: '', stderr: "error: unknown command 'frobnicate'\n" });
    // A mistyped command with a usable configuration is still no call.
    expect(await wechatpay(['simulte', '-c', configFile])).toEqual({ code: 2, stdout: '', stderr: "error: unknown command 'simulte'\n" });
  });
});

describe('wechatpay simulate notify', () => {
  /** A callback receiver as a merchant writes it, trusting the keys the simulator's configuration names. */
  async function receiver(apiV3Key: string) {
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { certs: Record<string, string> };
    const received: Array<{ event_type: string; resource: Record<string, unknown> }> = [];
    const notification = new Notification({ apiV3Key, certs: config.certs });
    const server = createServer(notification.nodeHandler((event) => void received.push(event), { onError: () => undefined }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
    return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('sends a callback that the merchant handler verifies and decrypts', async () => {
    const { apiV3Key } = JSON.parse(readFileSync(configFile, 'utf8')) as { apiV3Key: string };
    const handler = await receiver(apiV3Key);
    try {
      const run = await wechatpay([
        'simulate',
        'notify',
        'TRANSACTION.SUCCESS',
        '--to',
        handler.url,
        '-c',
        configFile,
        '--resource',
        '{"out_trade_no":"CLI-N1"}',
      ]);
      expect(run.stderr).toBe('');
      expect(run.stdout.split('\n')[0]).toBe(`TRANSACTION.SUCCESS → ${handler.url}: HTTP 204`);
      expect(run.code).toBe(0);
      expect(handler.received).toEqual([
        expect.objectContaining({ event_type: 'TRANSACTION.SUCCESS', resource: expect.objectContaining({ out_trade_no: 'CLI-N1' }) }),
      ]);
    } finally {
      await handler.close();
    }
  });

  it('exits 3 when the handler refuses it, and 2 for an unknown event or a missing configuration', async () => {
    const handler = await receiver('0'.repeat(32));
    try {
      const refused = await wechatpay(['simulate', 'notify', 'REFUND.SUCCESS', '--to', handler.url, '-c', configFile]);
      expect(refused.stdout.split('\n')[0]).toBe(`REFUND.SUCCESS → ${handler.url}: HTTP 400`);
      expect(refused.code).toBe(3);
      expect(handler.received).toEqual([]);
      const unknown = await wechatpay(['simulate', 'notify', 'NO.SUCH.EVENT', '--to', handler.url, '-c', configFile]);
      expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/^ParameterError ERR_PARAMETER: .*NO\.SUCH\.EVENT/) });
      const missing = await wechatpay(['simulate', 'notify', 'REFUND.SUCCESS', '--to', handler.url], { WECHATPAY_CONFIG: '' });
      expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/^ConfigError ERR_CONFIG: --config: is required/) });
    } finally {
      await handler.close();
    }
  });
});

describe('wechatpay simulate pay', () => {
  it("pays an order of the running simulator: the merchant's handler gets TRANSACTION.SUCCESS", async () => {
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { apiV3Key: string; certs: Record<string, string>; mchid: string };
    const received: Array<{ event_type: string; resource: Record<string, unknown> }> = [];
    const notification = new Notification({ apiV3Key: config.apiV3Key, certs: config.certs });
    const server = createServer(notification.nodeHandler((event) => void received.push(event), { onError: () => undefined }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
      const order = JSON.stringify({
        appid: 'wxd678efh567hg6787',
        mchid: config.mchid,
        description: 'CLI',
        out_trade_no: 'CLI-P1',
        notify_url: url,
        amount: { total: 5 },
      });
      const created = await wechatpay(['v3/pay/transactions/native', '-m', 'POST', '-d', order, '-c', configFile]);
      expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining('weixin://wxpay/bizpayurl?pr=') });
      const paid = await wechatpay(['simulate', 'pay', 'CLI-P1', '-c', configFile]);
      expect(paid.stderr).toBe('');
      expect(paid.code).toBe(0);
      expect(JSON.parse(paid.stdout)).toMatchObject({ orders: [{ outTradeNo: 'CLI-P1', tradeState: 'SUCCESS' }], callback: { acknowledged: true } });
      expect(received).toEqual([
        expect.objectContaining({
          event_type: 'TRANSACTION.SUCCESS',
          resource: expect.objectContaining({ out_trade_no: 'CLI-P1', trade_state: 'SUCCESS' }),
        }),
      ]);
      const again = await wechatpay(['simulate', 'pay', 'CLI-P1', '-c', configFile]);
      expect(again).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/^ParameterError ERR_PARAMETER: outTradeNo: order CLI-P1 is SUCCESS already/),
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('wechatpay crt', () => {
  const A = {
    serial: '6B1F2E3D4C5B6A79808F9E0D1C2B3A4958677685',
    privateKey: fixture('platform-a-key.pem'),
    certificate: fixture('platform-a-cert.pem'),
  };

  it('downloads, verifies and saves the platform certificates, and calls work without any certs given', async () => {
    const simulator = await startSimulator({ platform: A });
    try {
      writeFileSync(join(dir, 'crt_key.pem'), simulator.config.privateKey);
      const output = join(dir, 'certs');
      const identity = ['-m', simulator.mchid, '-s', simulator.merchant.serial, '-f', join(dir, 'crt_key.pem'), '--base-url', simulator.baseURL];
      const run = await wechatpay(['crt', ...identity, '-o', output], { WECHATPAY_APIV3_KEY: simulator.apiV3Key });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const saved = join(output, `wechatpay_${A.serial}.pem`);
      expect(run.stdout).toBe(`${A.serial}  valid 2020-01-01T00:00:00.000Z .. 2099-12-31T23:59:59.000Z  saved to ${saved}\n`);
      expect(readFileSync(saved, 'utf8')).toBe(A.certificate);
      const call = await wechatpay(
        [
          SEED,
          '-m',
          'POST',
          '-p',
          'out_order_no=CRT1',
          '-d',
          ORDER,
          '--mchid',
          simulator.mchid,
          '--serial',
          simulator.merchant.serial,
          '--private-key',
          join(dir, 'crt_key.pem'),
          '--base-url',
          simulator.baseURL,
        ],
        { WECHATPAY_APIV3_KEY: simulator.apiV3Key },
      );
      expect(call.stdout.split('\n')[0]).toBe(`HTTP 200 POST ${SEED}`);
      const wrongKey = await wechatpay(['crt', ...identity], { WECHATPAY_APIV3_KEY: '1'.repeat(32) });
      expect(wrongKey).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(
          /^CertificateError ERR_CERTIFICATE_DECRYPT: certificate 6B1F2E3D4C5B6A79808F9E0D1C2B3A4958677685 does not decrypt with the APIv3 key/,
        ),
      });
      expect(wrongKey.stderr).not.toContain('1'.repeat(32));
      const noKey = await wechatpay(['crt', ...identity], { WECHATPAY_APIV3_KEY: '' });
      expect(noKey).toMatchObject({ code: 2, stderr: expect.stringMatching(/^ConfigError ERR_CONFIG: --api-v3-key: is required/) });
    } finally {
      await simulator.close();
    }
  });

  it('exits 3 for a merchant in public key mode, which has no certificates', async () => {
    const run = await wechatpay(['crt', '-c', configFile]);
    expect(run).toMatchObject({ code: 3, stderr: expect.stringMatching(/^ApiError RESOURCE_NOT_EXISTS: /) });
  });
});

describe('wechatpay demo', () => {
  // One run of the demo, read by both tests.
  let run: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    run = await wechatpay(['demo']);
  });

  it('completes an order in all six styles against a fresh simulator', () => {
    expect(run.code).toBe(0);
    const results = run.stdout.split('\n').filter((line) => / verified in /.test(line));
    expect(results.map((line) => line.split(/\s{2,}/)[0])).toEqual([
      'async chain',
      'async declarative',
      'async bracket',
      'sync chain',
      'sync declarative',
      'sync bracket',
    ]);
    for (const line of results) expect(line).toMatch(/ 200 verified in +\d+\.\d ms {2}Request-ID [0-9A-F]{32}/);
  });

  it("then plays one order's life: order, payment, callback, refund, callback, and the bill listing both", () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const life = lines.slice(lines.findIndex((line) => line.startsWith("One order's life")));
    expect(life[0]).toMatch(/^One order's life, callbacks to http:\/\/127\.0\.0\.1:\d+\/wechatpay\/notify$/);
    const steps = life.filter((line) => /^\w+ {2,}\S/.test(line));
    const ms = String.raw`\s+\d+\.\d ms {2}`;
    const order = String.raw`DEMO\d+`;
    expect(steps).toHaveLength(7);
    const expected = [
      String.raw`order {5}200 verified${ms}POST v3/pay/transactions/jsapi {2}(${order}) {2}prepay_id wx\w+$`,
      String.raw`pay {7}SUCCESS${ms}simulator\.pay\('(${order})'\) {2}transaction_id \d{28}$`,
      String.raw`callback {2}TRANSACTION\.SUCCESS${ms}verified and decrypted by the local handler \(Notification\.nodeHandler\)$`,
      `refund {4}200 verified${ms}POST v3/refund/domestic/refunds {2}(${order})R1 {2}PROCESSING$`,
      String.raw`settle {4}SUCCESS${ms}simulator\.settleRefund\('(${order})R1'\) {2}refund_id \d+$`,
      String.raw`callback {2}REFUND\.SUCCESS${ms}verified and decrypted by the local handler \(Notification\.nodeHandler\)$`,
      String.raw`bill {6}200 verified${ms}GET v3/bill/tradebill \d{4}-\d\d-\d\d, downloaded \(SHA-1 checked\), read with Bill\.parse$`,
    ];
    const orders = expected.map((pattern, index) => {
      const line = steps[index] ?? '';
      expect(line).toMatch(new RegExp(`^${pattern}`));
      return new RegExp(`^${pattern}`).exec(line)?.[1];
    });
    // Every step is about the same order.
    const outTradeNo = orders[0];
    expect(orders.filter(Boolean)).toEqual([outTradeNo, outTradeNo, outTradeNo, outTradeNo]);
    // The bill's records of that order, after the bill's step line: the payment, then the refund.
    const records = life.slice(life.indexOf(steps[6] as string) + 1).filter((line) => line.trim() !== '');
    expect(records).toHaveLength(2);
    expect(records[0]).toMatch(
      new RegExp(String.raw`^ {10}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}SUCCESS {2}${outTradeNo} {2}paid 12\.00 CNY {2}fee 0\.07$`),
    );
    expect(records[1]).toMatch(
      new RegExp(String.raw`^ {10}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}REFUND {3}${outTradeNo} {2}refund 2\.00 CNY {2}fee -0\.01$`),
    );
  });
});

describe('wechatpay download', () => {
  it('applies for a bill, downloads it, gunzips it and checks its digest', async () => {
    const output = join(dir, 'cli-bill.csv');
    const run = await wechatpay([
      'download',
      'v3/bill/tradebill',
      '-q',
      'bill_date=2026-11-26',
      '-q',
      'tar_type=GZIP',
      '--gunzip',
      '-o',
      output,
      '-c',
      configFile,
    ]);
    expect(run.stderr).toBe(''); // no terminal: no progress bar
    expect(run.code).toBe(0);
    const [applied, saved] = run.stdout.trim().split('\n') as [string, string];
    // The token in download_url is a credential: the line shows the URL without its query values.
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { baseURL: string };
    expect(applied).toBe(`HTTP 200 GET v3/bill/tradebill → ${config.baseURL}v3/billdownload/file?token=…&tartype=…`);
    const text = readFileSync(output, 'utf8');
    expect(saved).toBe(
      `saved ${output}: ${Buffer.byteLength(text)} bytes (${saved.match(/\((\d+) received\)/)?.[1]} received), SHA1 checked ${createHash('sha1').update(text).digest('hex')}`,
    );
    expect(text).toMatch(/^\uFEFF?交易时间/);
  });

  it('exits 4 and keeps no file when the digest does not match', async () => {
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { baseURL: string };
    const apply = await wechatpay(['v3/bill/fundflowbill', '-q', 'bill_date=2026-11-26', '-c', configFile]);
    const url = (JSON.parse(apply.stdout.split('\n').slice(1, -2).join('\n')) as { download_url: string }).download_url;
    expect(url.startsWith(config.baseURL)).toBe(true);
    const output = join(dir, 'cli-wrong.csv');
    const run = await wechatpay(['download', url, '--hash-type', 'sha1', '--hash-value', '0'.repeat(40), '-o', output, '-c', configFile]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^DownloadError ERR_DOWNLOAD_HASH: the file's SHA1 is [0-9a-f]{40}, but WeChat Pay gave 0{40}/);
    expect(existsSync(output) || existsSync(`${output}.partial`)).toBe(false);
  });

  it('draws a progress bar on a terminal', async () => {
    const output = join(dir, 'cli-tty.csv');
    // util-linux `script` runs the command on a pseudo-terminal, as a user's shell would.
    const command = [process.execPath, BIN, 'download', 'v3/bill/tradebill', '-q', 'bill_date=2026-11-24', '-o', output, '-c', configFile]
      .map((arg) => `'${arg}'`)
      .join(' ');
    const seen = await new Promise<string>((resolve, reject) => {
      execFile('script', ['-qec', command, '/dev/null'], { timeout: 20_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });
    expect(seen).toMatch(/downloading \[[░█]+\] \d+% \d+\/\d+ bytes/);
    expect(seen).toContain(`saved ${output}`);
  });

  it('refuses a half-given digest with a usage error', async () => {
    const run = await wechatpay([
      'download',
      'https://api.mch.weixin.qq.com/v3/billdownload/file?token=x',
      '--hash-value',
      'abc',
      '-o',
      join(dir, 'x'),
      '-c',
      configFile,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--hash\.type/);
  });
});

describe('wechatpay simulate', () => {
  it('answers to its old name simulator too, printing what the simulator guide shows', async () => {
    const out = join(dir, 'alias.json');
    const alias = spawn(process.execPath, [BIN, 'simulator', '--port', '0', '--config-out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    alias.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      const started = Date.now();
      while (!stdout.includes('APIv3 key')) {
        if (Date.now() - started > 15_000 || alias.exitCode !== null) throw new Error(`simulator did not start: ${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const config = JSON.parse(readFileSync(out, 'utf8')) as { baseURL: string; apiV3Key: string };
      const lines = stdout.split('\n');
      expect(lines[0]).toBe(`WeChat Pay simulator listening at ${config.baseURL}`);
      expect(config.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(lines[1]).toBe('Builder.factory(config) with this config (throwaway keys, valid until the simulator stops):');
      expect(stdout).toContain(`APIv3 key for new Notification({ apiV3Key, certs }): ${config.apiV3Key}`);
    } finally {
      alias.kill('SIGTERM');
      if (alias.exitCode === null) await new Promise((resolve) => alias.once('exit', resolve));
    }
    expect(alias.exitCode).toBe(0);
  });

  it('stops cleanly on SIGTERM', async () => {
    simulator.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => simulator.once('exit', (status) => resolve(status)));
    expect(code).toBe(0);
  });
});
