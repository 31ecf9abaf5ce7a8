import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModel, loadModel } from '../../scripts/catalog/model.mjs';
import { OUTPUT, encryptedFields, files, render } from '../../scripts/generate-encrypted-fields.mjs';
import { ROOT } from '../../scripts/generate.mjs';

// Whether the committed file is up to date is checked by spec/catalog/generate.spec.ts (npm run generate -- --check).
describe('lib/sensitive-fields/encrypted-fields.json', () => {
  it('lists the fields the catalog marks by-rsa-pubkey, per endpoint', () => {
    const data = JSON.parse(readFileSync(`${ROOT}${OUTPUT}`, 'utf8')) as Record<string, string[]>;
    expect(data['POST v3/applyment4sub/applyment/']).toEqual(
      expect.arrayContaining(['json.contact_info.contact_name', 'json.contact_info.contact_id_number']),
    );
    expect(Object.keys(data).every((key) => /^(GET|POST|PUT|PATCH|DELETE) v[23]\//.test(key))).toBe(true);
    expect(files(loadModel()).get(OUTPUT)).toBe(render(data));
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
                  {
                    name: 'list',
                    type: 'object[]',
                    children: [
                      { name: 'card', type: 'string', encrypted: 'by-rsa-pubkey' },
                      { name: 'n', type: 'integer' },
                    ],
                  },
                  { name: 'tags', type: 'string[]', encrypted: 'by-rsa-pubkey' },
                  { name: 'blob', type: 'string', encrypted: 'by-aes-gcm', children: [{ name: 'x', type: 'string', encrypted: 'by-rsa-pubkey' }] },
                  {
                    name: 'sealed',
                    type: 'string',
                    encrypted: 'by-rsa-pubkey',
                    children: [{ name: 'inner', type: 'string', encrypted: 'by-rsa-pubkey' }],
                  },
                ],
              },
            ],
          },
          { method: 'GET', request: [{ name: 'query', type: 'object', children: [{ name: 'no', type: 'string', encrypted: 'by-rsa-pubkey' }] }] },
          { method: 'DELETE', request: [{ name: 'json', type: 'object', children: [{ name: 'a', type: 'string' }] }] },
        ],
      },
      { path: 'v3/a', operations: [] },
      {
        path: 'v3/a',
        operations: [
          { method: 'patch', request: [{ name: 'json', type: 'object', children: [{ name: 'phone', type: 'string', encrypted: 'by-rsa-pubkey' }] }] },
        ],
      },
      {
        path: 'v3/a',
        operations: [
          {
            method: 'PATCH',
            request: [
              {
                name: 'json',
                type: 'object',
                children: [
                  { name: 'phone', type: 'string', encrypted: 'by-rsa-pubkey' },
                  { name: 'mail', type: 'string', encrypted: 'by-rsa-pubkey' },
                ],
              },
            ],
          },
        ],
      },
    ],
    webhooks: [],
  };

  it('writes one line per endpoint, sorted by path then method, with [] after list fields', () => {
    const model = buildModel(sample);
    expect(model.notes).toEqual(expect.arrayContaining(['patch v3/a: method read as PATCH', 'PATCH v3/a: repeated, the first kept']));
    expect(files(model).get(OUTPUT)).toBe(
      [
        '{',
        '  "PATCH v3/a": ["json.phone"],',
        '  "GET v3/b/{id}": ["query.no"],',
        '  "POST v3/b/{id}": ["json.name","json.list[].card","json.tags[]","json.sealed"]',
        '}',
        '',
      ].join('\n'),
    );
    expect(encryptedFields(buildModel({ endpoints: [] }))).toEqual({});
  });
});
