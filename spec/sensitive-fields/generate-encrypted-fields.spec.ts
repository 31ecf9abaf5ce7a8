import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = join(root, 'scripts/generate-encrypted-fields.mjs');
const dataFile = join(root, 'lib/sensitive-fields/encrypted-fields.json');
// CI checks the repository out next to the shared catalog.
const catalog = join(root, '../shared/catalog/wechatpay-api.json');

const work = mkdtempSync(join(tmpdir(), 'encrypted-fields-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(...args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 20_000 });
}

describe('lib/sensitive-fields/encrypted-fields.json', () => {
  it('is what the generator makes from the shared catalog (run the script after a catalog update)', () => {
    // No skip: without the catalog this fails and says where it looked.
    const result = run('--catalog', catalog, '--stdout');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync(dataFile, 'utf8'));
    expect(run('--catalog', catalog, '--check')).toMatchObject({ status: 0, stderr: '' });
  });
});

describe('scripts/generate-encrypted-fields.mjs', () => {
  const sample = {
    endpoints: [
      {
        path: 'v3/b/{id}',
        operations: [
          {
            method: 'POST',
            request: [
              { name: 'id', type: 'string' },
              {
                name: 'json',
                type: 'object',
                children: [
                  { name: 'plain', type: 'string' },
                  { name: 'name', type: 'string', encrypted: 'by-rsa-pubkey' },
                  { name: 'list', type: 'object[]', children: [{ name: 'card', type: 'string', encrypted: 'by-rsa-pubkey' }, { name: 'n', type: 'integer' }] },
                  { name: 'tags', type: 'string[]', encrypted: 'by-rsa-pubkey' },
                  { name: 'blob', type: 'string', encrypted: 'by-aes-gcm', children: [{ name: 'x', type: 'string', encrypted: 'by-rsa-pubkey' }] },
                  { name: 'sealed', type: 'string', encrypted: 'by-rsa-pubkey', children: [{ name: 'inner', type: 'string', encrypted: 'by-rsa-pubkey' }] },
                ],
              },
            ],
          },
          { method: 'GET', request: [{ name: 'query', type: 'object', children: [{ name: 'no', type: 'string', encrypted: 'by-rsa-pubkey' }] }] },
          { method: 'DELETE', request: [{ name: 'json', type: 'object', children: [{ name: 'a', type: 'string' }] }] },
        ],
      },
      { path: 'v3/a', operations: [] },
      { path: 'v3/a', operations: [{ method: 'patch', request: [{ name: 'json', type: 'object', children: [{ name: 'phone', type: 'string', encrypted: 'by-rsa-pubkey' }] }] }] },
      { path: 'v3/a', operations: [{ method: 'PATCH', request: [{ name: 'json', type: 'object', children: [{ name: 'phone', type: 'string', encrypted: 'by-rsa-pubkey' }, { name: 'mail', type: 'string', encrypted: 'by-rsa-pubkey' }] }] }] },
    ],
    webhooks: [],
  };

  it('writes one line per endpoint, sorted by path then method, with [] after list fields', () => {
    const input = join(work, 'catalog.json');
    const output = join(work, 'out.json');
    writeFileSync(input, JSON.stringify(sample));
    const result = run('--catalog', input, '--out', output);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`generate-encrypted-fields: 3 endpoints written to ${output}\n`);
    expect(readFileSync(output, 'utf8')).toBe(
      [
        '{',
        '  "PATCH v3/a": ["json.phone","json.mail"],',
        '  "GET v3/b/{id}": ["query.no"],',
        '  "POST v3/b/{id}": ["json.name","json.list[].card","json.tags[]","json.sealed"]',
        '}',
        '',
      ].join('\n'),
    );
    expect(run('--catalog', input, '--out', output, '--check')).toMatchObject({ status: 0, stderr: '' });
  });

  it('fails --check on a stale data file, and fails loudly without a catalog', () => {
    const input = join(work, 'catalog2.json');
    const stale = join(work, 'stale.json');
    writeFileSync(input, JSON.stringify(sample));
    writeFileSync(stale, '{\n}\n');
    expect(run('--catalog', input, '--out', stale, '--check')).toMatchObject({
      status: 1,
      stderr: `generate-encrypted-fields: ${stale} is out of date with ${input}; run node scripts/generate-encrypted-fields.mjs\n`,
    });
    expect(readFileSync(stale, 'utf8')).toBe('{\n}\n');
    const missing = join(work, 'no-catalog.json');
    expect(run('--catalog', missing, '--out', stale, '--check')).toMatchObject({
      status: 2,
      stderr: `generate-encrypted-fields: cannot read the catalog at ${missing} (ENOENT)\n`,
    });
  });
});
