import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../scripts/catalog/model.mjs';
import { GENERATORS, ROOT, render } from '../../scripts/generate.mjs';

const SCRIPT = join(ROOT, 'scripts/generate.mjs');
const work = mkdtempSync(join(tmpdir(), 'generate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A catalog of one endpoint: the checks of the entry itself need not render the whole catalog again and again. */
const SMALL = join(work, 'catalog.json');
writeFileSync(
  SMALL,
  JSON.stringify({
    endpoints: [{ path: 'v3/a', protocol: 'v3', operations: [{ method: 'GET', title: 't', docs: 'https://x', request: [], response: [] }] }],
    webhooks: [],
  }),
);

function run(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('npm run generate -- --check', () => {
  it('passes: every committed generated file is what the catalog gives (run npm run generate after a change)', () => {
    const result = run('--check');
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^generate: \d+ files up to date\n$/);
    expect(result.status).toBe(0);
  });

  it('names each out-of-date, missing and no longer generated file, writes nothing, and exits 1', () => {
    const root = join(work, 'stale');
    expect(run('--catalog', SMALL, '--root', root).status).toBe(0);
    const changed = join(root, 'lib/sensitive-fields/encrypted-fields.json');
    writeFileSync(changed, '{}\n');
    rmSync(join(root, 'lib/simulator/webhook-events.json'));
    writeFileSync(join(root, 'lib/endpoints/generated/v3/gone.ts'), 'export {};\n');
    const result = run('--catalog', SMALL, '--check', '--root', root);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'out of date: lib/simulator/webhook-events.json',
      'out of date: lib/sensitive-fields/encrypted-fields.json',
      'no longer generated: lib/endpoints/generated/v3/gone.ts',
      'generate: 3 files differ from what the catalog gives; run npm run generate',
      '',
    ]);
    expect(readFileSync(changed, 'utf8')).toBe('{}\n');
    const again = run('--catalog', SMALL, '--root', root);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('deleted lib/endpoints/generated/v3/gone.ts');
    expect(run('--catalog', SMALL, '--check', '--root', root)).toMatchObject({ status: 0, stderr: '' });
  });

  it('reads another catalog with --catalog, and fails loudly on a bad one or a bad argument', () => {
    const root = join(work, 'small');
    mkdirSync(root);
    expect(run('--catalog', SMALL, '--root', root).status).toBe(0);
    expect(readFileSync(join(root, 'lib/endpoints/generated/v3/a.ts'), 'utf8')).toContain('`GET v3/a`');
    expect(run('--catalog', join(work, 'missing.json'), '--check')).toMatchObject({ status: 2, stderr: expect.stringContaining('ENOENT') });
    expect(run('--chek')).toMatchObject({ status: 2, stderr: 'generate: unknown argument --chek (use --check, --catalog FILE, --root DIR)\n' });
  });
});

/** The whole catalog rendered once, for the checks of what the generators write. */
let rendered: ReturnType<typeof render> | undefined;
const renderedOnce = () => (rendered ??= render(loadModel()));

describe('scripts/generate.mjs', () => {
  it("runs each generator of its list, none writing another one's file", async () => {
    expect(GENERATORS).toEqual([
      './generate-webhooks.mjs',
      './generate-encrypted-fields.mjs',
      './generate-types.mjs',
      './generate-paths.mjs',
      './generate-simulator-routes.mjs',
      './generate-deduplicated.mjs',
    ]);
    const { files, directories } = await renderedOnce();
    expect(directories).toEqual(['lib/endpoints/generated']);
    const paths = [...files.keys()];
    expect(paths).toEqual(
      expect.arrayContaining(['lib/simulator/webhook-events.json', 'lib/sensitive-fields/encrypted-fields.json', 'lib/endpoints/generated/index.ts']),
    );
    expect(paths.every((path) => !path.startsWith('/') && !path.includes('\\') && !path.includes('..'))).toBe(true);
  });

  it("writes one field per line in the generated types and the simulator's callbacks, no line of thousands of characters", async () => {
    const { files } = await renderedOnce();
    const read = [...files].filter(([path]) => path.endsWith('.ts') || path === 'lib/simulator/webhook-events.json');
    expect(read.length).toBeGreaterThan(100);
    const long = read.flatMap(([path, text]) =>
      text
        .split('\n')
        .filter((line) => line.length > 300)
        .map((line) => `${path}: ${line.slice(0, 80)}…`),
    );
    expect(long).toEqual([]);
    // A member ends its line: nothing after a `;` but a comment.
    const crowded = read.flatMap(([path, text]) =>
      text
        .split('\n')
        .filter((line) => /;\s*[^\s/]/.test(line))
        .map((line) => `${path}: ${line.slice(0, 80)}…`),
    );
    expect(crowded).toEqual([]);
    const fields = read.flatMap(([path, text]) =>
      path.endsWith('.json') ? text.split('\n').filter((line) => (line.match(/"name":/g) ?? []).length > 1) : [],
    );
    expect(fields).toEqual([]);
  });
});
