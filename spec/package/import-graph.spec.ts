import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, PUBLIC_KEY_ID } from '../support/fixtures.js';
import { packed, run, type Packed } from '../support/packed.js';

/**
 * What Node loads for `import('wechatpay-ts')` and for `wechatpay --version`, from the installed package: a module
 * hook (registered with `--import`) writes down every module resolved through `import`, and the program adds the
 * CommonJS modules loaded by `require` (Node 20's hooks do not see those). The parsers, the CLI's libraries and the
 * simulator load when a call needs them, not with the package.
 */
const HOOKS = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(file, result.url + '\\n');
  return result;
}`;

const REGISTER = `
import { register } from 'node:module';
register('./import-graph-hooks.mjs', import.meta.url, { data: { file: process.env.IMPORT_GRAPH_FILE } });`;

/** Imports the package, notes what is loaded, then uses each lazy feature once and notes it again. */
const APP = `
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const cache = createRequire(import.meta.url).cache;
const loaded = () => [
  ...readFileSync(process.env.IMPORT_GRAPH_FILE, 'utf8').split('\\n').filter(Boolean),
  ...Object.keys(cache).map((path) => pathToFileURL(path).href),
];

const api = await import('wechatpay-ts');
const atImport = loaded();

// APIv2 XML, a bill, an upload (its content type and its JSON meta): each loads its package.
const xml = new api.WechatpayResponse(200, new Headers(), Buffer.from('<xml><a>1</a></xml>')).xml();
const bill = api.Bill.parse('交易时间,商户号\\n\`2026-11-26 10:00:00,\`1230000109\\n总交易单数\\n\`1\\n');
for await (const row of bill.rows());
const summary = await bill.summary();
const sent = [];
const instance = api.Builder.factory({
  mchid: '1230000109',
  serial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
  privateKey: process.env.MERCHANT_KEY,
  certs: { [process.env.PUBLIC_KEY_ID]: process.env.PLATFORM_KEY },
  transport: { name: 'recording', async send(request) { sent.push(request); throw new Error('recorded, not sent'); }, async close() {} },
});
await instance.v3.merchant.media.upload.postAsync({ body: { file: { data: new Uint8Array(8), filename: 'a.png' } } }).catch(() => undefined);
const afterUse = loaded();
const upload = sent[0]?.multipart;
console.log(JSON.stringify({ atImport, afterUse, xml, summary, types: upload?.parts.map((part) => part.contentType), meta: upload?.meta }));
`;

let installed: Packed;
let dir: string;

beforeAll(async () => {
  installed = await packed();
  writeFileSync(join(installed.dir, 'import-graph-hooks.mjs'), HOOKS);
  writeFileSync(join(installed.dir, 'import-graph-register.mjs'), REGISTER);
  writeFileSync(join(installed.dir, 'import-graph-app.mjs'), APP);
  dir = mkdtempSync(join(installed.dir, 'import-graph-'));
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs Node with the hook in the installed project; `file` collects what it resolved. */
async function traced(file: string, args: string[]): Promise<string> {
  return run(process.execPath, ['--import', './import-graph-register.mjs', ...args], {
    cwd: installed.dir,
    env: {
      ...process.env,
      IMPORT_GRAPH_FILE: join(dir, file),
      MERCHANT_KEY: fixture('merchant-key.pem'),
      PLATFORM_KEY: fixture('platform-pub.pem'),
      PUBLIC_KEY_ID,
    },
  });
}

/** The dependencies (the innermost node_modules/NAME, not this package) among loaded module URLs. */
function packagesIn(urls: readonly string[]): string[] {
  const names = urls
    .map((url) => /.*\/node_modules\/((?:@[^/.][^/]*\/)?[^/.][^/]*)\//.exec(url)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'wechatpay-ts');
  return [...new Set(names)].sort();
}

/** The package's own files among loaded module URLs, relative to dist/: entry points and chunks. */
function ownIn(urls: readonly string[]): string[] {
  return [...new Set(urls.map((url) => /\/node_modules\/wechatpay-ts\/dist\/(.+)$/.exec(url)?.[1]).filter((path) => path !== undefined))];
}

/** The source modules whose code those files hold: esbuild writes `// lib/…` above each one's code. */
function sourcesIn(urls: readonly string[]): string[] {
  const modules = ownIn(urls).flatMap((path) =>
    [...readFileSync(join(installed.package, 'dist', path), 'utf8').matchAll(/^\/\/ (lib\/\S+)$/gm)].map((match) => match[1] as string),
  );
  return [...new Set(modules)].sort();
}

describe("import('wechatpay-ts')", () => {
  it('loads undici and the JSON writer alone of the dependencies, and nothing of the CLI, the simulator or the testing kit', async () => {
    writeFileSync(join(dir, 'app.txt'), '');
    const { atImport } = JSON.parse(await traced('app.txt', ['import-graph-app.mjs'])) as { atImport: string[] };
    // fast-json-stable-stringify writes every JSON body: the one parser a program always needs.
    expect(packagesIn(atImport)).toEqual(['fast-json-stable-stringify', 'undici']);
    expect(ownIn(atImport)).toContain('index.js');
    // Only the main entry point and chunks, and in them no code of the CLI, the simulator or the testing kit.
    expect(ownIn(atImport).filter((path) => path !== 'index.js' && !path.startsWith('chunks/'))).toEqual([]);
    expect(sourcesIn(atImport)).toContain('lib/client/client.ts');
    expect(sourcesIn(atImport).filter((path) => /^lib\/(cli|simulator|testing)\//.test(path))).toEqual([]);
  });

  it('loads each parser on first use, and the feature works: XML, a bill, an upload', async () => {
    writeFileSync(join(dir, 'use.txt'), '');
    const out = JSON.parse(await traced('use.txt', ['import-graph-app.mjs'])) as {
      afterUse: string[];
      xml: unknown;
      summary: unknown;
      types: unknown;
      meta: unknown;
    };
    expect(packagesIn(out.afterUse)).toEqual(['csv-parse', 'fast-json-stable-stringify', 'fast-xml-parser', 'mime', 'undici']);
    expect(out.xml).toEqual({ a: '1' });
    expect(out.summary).toEqual({ 总交易单数: '1' });
    expect(out.types).toEqual(['image/png']);
    expect(out.meta).toBe(`{"filename":"a.png","sha256":"${createHash('sha256').update(new Uint8Array(8)).digest('hex')}"}`);
  });
});

describe('wechatpay --version', () => {
  it('loads commander and the version alone: each command loads its modules when it runs', async () => {
    writeFileSync(join(dir, 'cli.txt'), '');
    const version = await traced('cli.txt', ['node_modules/wechatpay-ts/dist/cli/wechatpay.js', '--version']);
    const { version: expected } = JSON.parse(readFileSync(join(installed.package, 'package.json'), 'utf8')) as { version: string };
    expect(version.trim()).toBe(expected);
    const urls = readFileSync(join(dir, 'cli.txt'), 'utf8').split('\n').filter(Boolean);
    expect(packagesIn(urls)).toEqual(['commander']);
    expect(ownIn(urls).filter((path) => !path.startsWith('chunks/'))).toEqual(['cli/wechatpay.js']);
    expect(sourcesIn(urls)).toEqual(['lib/cli/wechatpay.ts', 'lib/version.ts']);
  });
});
