import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { sourceBuild } from './source-build.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A project that installed the package, as npm would lay it out: the files `npm pack` takes, and the dependencies. */
export interface Packed {
  /** The project's folder: run `node` here and `wechatpay-ts` is the installed package. */
  dir: string;
  /** The installed package's folder (node_modules/wechatpay-ts). */
  package: string;
  /** The paths `npm pack` put in the tarball, relative to the package. */
  files: string[];
}

/**
 * The built package as users get it, made once per test run (by the first spec of spec/package/ that asks; the
 * others wait): `npm run build`, then the files `npm pack` lists copied into node_modules/wechatpay-ts of a
 * throwaway project, next to links to the declared dependencies only (a missing one fails the import). It lives in
 * this run's source build folder, which the global setup removes at the end.
 */
export async function packed(): Promise<Packed> {
  const dir = join(sourceBuild(), 'packed');
  const ready = join(dir, 'files.json');
  const failed = `${dir}.failed`;
  let mine = false;
  try {
    mkdirSync(`${dir}.lock`);
    mine = true;
  } catch {
    // another spec file is making it
  }
  if (mine) {
    try {
      await make(dir, ready);
    } catch (error) {
      writeFileSync(failed, String(error));
      throw error;
    }
  }
  for (const end = Date.now() + 180_000; !existsSync(ready); await sleep(200)) {
    if (existsSync(failed)) throw new Error(`the package could not be built and packed: ${readFileSync(failed, 'utf8')}`);
    if (Date.now() > end) throw new Error('the packed package was not made in time');
  }
  const files = JSON.parse(readFileSync(ready, 'utf8')) as string[];
  return { dir, package: join(dir, 'node_modules/wechatpay-ts'), files };
}

async function make(dir: string, ready: string): Promise<void> {
  // CI builds just before the tests: a dist/ newer than every source it is made from is that build, not a stale one.
  if (!builtFromCurrentSources()) await run('npm', ['run', 'build', '--silent']);
  // --ignore-scripts: prepack would build a second time.
  const [listing] = JSON.parse(await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'])) as [{ files: Array<{ path: string }> }];
  const files = listing.files.map((file) => file.path).sort();
  const target = join(dir, 'node_modules/wechatpay-ts');
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(ROOT, file), join(target, file));
  }
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies)) {
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' })}\n`);
  writeFileSync(ready, JSON.stringify(files));
}

/** Whether dist/ exists and is newer than everything it is built from (lib/, package.json, the build's config). */
export function builtFromCurrentSources(): boolean {
  const built = join(ROOT, 'dist/index.js');
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  const newest = (path: string): number =>
    statSync(path).isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name)))) : statSync(path).mtimeMs;
  const sources = [
    'lib',
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'scripts/bundle.mjs',
    'scripts/write-version.mjs',
    'scripts/no-check-generated.mjs',
  ].map((path) => join(ROOT, path));
  return sources.every((path) => newest(path) < builtAt);
}

/** Runs a command in the repository; resolves with its standard output, rejects with its standard error. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr}${stdout}`)),
    );
  });
}
