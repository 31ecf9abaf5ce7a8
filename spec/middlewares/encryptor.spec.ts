import { constants, createPublicKey, generateKeyPairSync, privateDecrypt, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiError, Builder, ConfigError, ParameterError, encryptor, type CallOptions, type HttpMethod } from 'wechatpay-ts';
import { PLATFORM_CERT_SERIAL, PUBLIC_KEY_ID } from '../support/fixtures.js';
import { simulated } from '../support/simulated.js';

// The simulator signs with a platform key made here, so this test can decrypt what the client encrypted.
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const unrelated = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
// The certificate serial is listed first: the client still prefers the public key id.
const env = simulated(
  { platform: { serial: PUBLIC_KEY_ID, privateKey: platform.privateKey } },
  { certs: { [PLATFORM_CERT_SERIAL]: unrelated, [PUBLIC_KEY_ID]: platform.publicKey } },
);

function decrypt(ciphertext: string): string {
  return privateDecrypt(
    { key: platform.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(ciphertext, 'base64'),
  ).toString('utf8');
}

/** One RSA-2048 block in base64. */
const CIPHERTEXT = /^[A-Za-z0-9+/]{342}==$/;

type Mode = 'sync' | 'async';

/** A call in either mode; a synchronous failure is returned like an asynchronous one, to compare them. */
async function call(mode: Mode, method: HttpMethod, path: string, options: CallOptions): Promise<unknown> {
  const verb = method.toLowerCase() as 'get' | 'post';
  const node = env.instance.chain(path);
  try {
    return mode === 'sync' ? node[verb](options) : await node[`${verb}Async`](options);
  } catch (error) {
    return error;
  }
}

async function lastReceived() {
  return (await env.simulator.received()).at(-1)!;
}

/** The merchant signature in the Authorization header is over exactly these bytes. */
function signedOver(sent: { method: string; target: string; body: string; headers: Record<string, string> }): boolean {
  const fields = Object.fromEntries([...sent.headers.authorization!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const message = `${sent.method}\n${sent.target}\n${fields.timestamp}\n${fields.nonce_str}\n${sent.body}\n`;
  return verify('sha256', Buffer.from(message), createPublicKey(env.simulator.config.privateKey), Buffer.from(fields.signature!, 'base64'));
}

/** A path the simulator does not serve: a 404 means the signature and the Wechatpay-Serial passed its checks. */
function expectNotFound(result: unknown) {
  expect(result).toBeInstanceOf(ApiError);
  expect(result).toMatchObject({ status: 404, code: 'NOT_FOUND' });
}

/**
 * A catalog path: the simulator checks the signature, then `Wechatpay-Serial`, then the fields, which these partial
 * bodies lack: a PARAM_ERROR for a missing field means the signature, the serial and every ciphertext passed.
 */
function expectFieldsChecked(result: unknown) {
  expect(result).toBeInstanceOf(ApiError);
  expect(result).toMatchObject({ status: 400, code: 'PARAM_ERROR', detail: { issue: 'is required' } });
}

describe.each(['sync', 'async'] as const)('encrypt in %s calls', (mode) => {
  it('encrypts the listed json fields, [] reaching every list element, and signs and sends the new bytes', async () => {
    const application = {
      business_code: `APPLY_${mode}`,
      contact_info: { contact_name: '张三', mobile_phone: '13900000000', contact_type: 'LEGAL' },
      subject_info: { ubo_info_list: [{ ubo_id_doc_name: '李四', ubo_id_doc_type: 'IDENTIFICATION_TYPE_IDCARD' }, { ubo_id_doc_name: 'Wang Wu' }] },
    };
    const before = structuredClone(application);
    const listInCaller = application.subject_info.ubo_info_list[0];
    const result = await call(mode, 'POST', 'v3/applyment4sub/applyment/', {
      json: application,
      encrypt: ['json.contact_info.contact_name', 'json.contact_info.mobile_phone', 'json.subject_info.ubo_info_list[].ubo_id_doc_name'],
    });
    expectFieldsChecked(result);

    const sent = await lastReceived();
    expect(`${sent.method} ${sent.target}`).toBe('POST /v3/applyment4sub/applyment/');
    expect(sent.headers['wechatpay-serial']).toBe(PUBLIC_KEY_ID);
    expect(sent.headers['content-type']).toBe('application/json');
    const body = JSON.parse(sent.body);
    const c1 = body.contact_info.contact_name;
    const c2 = body.contact_info.mobile_phone;
    const [c3, c4] = body.subject_info.ubo_info_list.map((ubo: { ubo_id_doc_name: string }) => ubo.ubo_id_doc_name);
    for (const ciphertext of [c1, c2, c3, c4]) expect(ciphertext).toMatch(CIPHERTEXT);
    // Stable key order, serialised once more with the ciphertexts in place; nothing else changed.
    expect(sent.body).toBe(
      `{"business_code":"APPLY_${mode}","contact_info":{"contact_name":"${c1}","contact_type":"LEGAL","mobile_phone":"${c2}"},` +
        `"subject_info":{"ubo_info_list":[{"ubo_id_doc_name":"${c3}","ubo_id_doc_type":"IDENTIFICATION_TYPE_IDCARD"},{"ubo_id_doc_name":"${c4}"}]}}`,
    );
    expect([c1, c2, c3, c4].map(decrypt)).toEqual(['张三', '13900000000', '李四', 'Wang Wu']);
    expect(signedOver(sent)).toBe(true);
    // The caller's object is left as it was.
    expect(application).toStrictEqual(before);
    expect(application.subject_info.ubo_info_list[0]).toBe(listInCaller);
  });

  it("encrypts the fields the catalog marks for the endpoint ('catalog'), skipping those the call leaves out", async () => {
    const order = {
      appid: 'wxd678efh567hg6787',
      description: 'Image',
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', identity: { type: 'IDCARD', number: '110101199003074477', name: '张三' } },
    };
    expectFieldsChecked(await call(mode, 'POST', 'v3/pay/transactions/jsapi', { json: order, encrypt: 'catalog' }));
    const sent = await lastReceived();
    const { number, name } = JSON.parse(sent.body).payer.identity;
    expect(sent.body).toBe(
      `{"appid":"wxd678efh567hg6787","description":"Image","payer":{"identity":{"name":"${name}","number":"${number}","type":"IDCARD"},"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}`,
    );
    expect([decrypt(number), decrypt(name)]).toEqual(['110101199003074477', '张三']);
    expect(sent.headers['wechatpay-serial']).toBe(PUBLIC_KEY_ID);
    expect(signedOver(sent)).toBe(true);

    // The same endpoint without the optional identity: nothing to encrypt, the body goes as given.
    expectFieldsChecked(await call(mode, 'POST', 'v3/pay/transactions/jsapi', { json: { appid: 'wxd678efh567hg6787' }, encrypt: 'catalog' }));
    expect((await lastReceived()).body).toBe('{"appid":"wxd678efh567hg6787"}');
  });

  it('encrypts query parameters in the signed URL', async () => {
    const query = { bal_account_no: '6214830000000000', card_no: '6222020000000000000', page: 1 };
    expectFieldsChecked(await call(mode, 'GET', 'v3/aggracct-bc/wb-channel/account/balance', { query, encrypt: 'catalog' }));
    const sent = await lastReceived();
    const params = new URL(sent.target, 'http://x').searchParams;
    const account = params.get('bal_account_no')!;
    const card = params.get('card_no')!;
    expect(sent.target).toBe(
      `/v3/aggracct-bc/wb-channel/account/balance?bal_account_no=${encodeURIComponent(account)}&card_no=${encodeURIComponent(card)}&page=1`,
    );
    expect([account, card]).toEqual([expect.stringMatching(CIPHERTEXT), expect.stringMatching(CIPHERTEXT)]);
    expect([decrypt(account), decrypt(card)]).toEqual(['6214830000000000', '6222020000000000000']);
    expect(sent.body).toBe('');
    expect(signedOver(sent)).toBe(true);
    expect(query.card_no).toBe('6222020000000000000');
  });

  it('lets a function build the body, sealing what it chooses', async () => {
    expectNotFound(await call(mode, 'POST', 'v3/x', { encrypt: (seal) => ({ receivers: [{ name: seal('张三'), amount: 100 }] }) }));
    const sent = await lastReceived();
    const ciphertext = JSON.parse(sent.body).receivers[0].name;
    expect(sent.body).toBe(`{"receivers":[{"amount":100,"name":"${ciphertext}"}]}`);
    expect(decrypt(ciphertext)).toBe('张三');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers['wechatpay-serial']).toBe(PUBLIC_KEY_ID);
  });

  it('accepts a Wechatpay-Serial the call sets when it names the key used', async () => {
    const json = { name: 'Zhang San' };
    expectNotFound(await call(mode, 'POST', 'v3/x', { json, encrypt: ['json.name'], headers: { 'Wechatpay-Serial': PUBLIC_KEY_ID } }));
    expect(decrypt(JSON.parse((await lastReceived()).body).name)).toBe('Zhang San');
  });
});

describe('bad encrypt options: a ParameterError naming the field, nothing sent', () => {
  const json = {
    contact_info: { contact_name: '张三', age: 30, nothing: null },
    receivers: [{ name: '李四' }, { name: 7 }],
    list: { not: 'an array' },
  };
  const cases: Array<[string, CallOptions, string, string]> = [
    [
      'a missing field',
      { json, encrypt: ['json.contact_info.id_card_number'] },
      'json.contact_info.id_card_number',
      "reaches no field of the call's json",
    ],
    ['a number', { json, encrypt: ['json.contact_info.age'] }, 'json.contact_info.age', 'must be a string to be encrypted, got a number'],
    ['null', { json, encrypt: ['json.contact_info.nothing'] }, 'json.contact_info.nothing', 'must be a string to be encrypted, got null'],
    ['an object', { json, encrypt: ['json.contact_info'] }, 'json.contact_info', 'must be a string to be encrypted, got an object'],
    [
      'a number in a list',
      { json, encrypt: ['json.receivers[].name'] },
      'json.receivers[].name',
      'json.receivers[1].name must be a string to be encrypted, got a number',
    ],
    ['[] on an object', { json, encrypt: ['json.list[].not'] }, 'json.list[].not', 'json.list must be an array, got an object'],
    [
      'a property of a string',
      { json, encrypt: ['json.contact_info.contact_name.first'] },
      'json.contact_info.contact_name.first',
      'json.contact_info.contact_name must be an object to hold first, got a string',
    ],
    ['a json path without json', { query: { a: 'b' }, encrypt: ['json.name'] }, 'json.name', "reaches no field of the call's json"],
    [
      'a json path with a raw body',
      { body: '{"name":"x"}', encrypt: ['json.name'] },
      'json.name',
      'names a json field, but the call sends a raw body; give the body as json',
    ],
    [
      'a path without a root',
      { json, encrypt: ['contact_info.contact_name'] },
      'encrypt[0]',
      "is not a field path such as 'json.name', 'json.items[].id_card_number', 'json.items[0].name' or 'query.card_no'",
    ],
    [
      'a path with a bad index',
      { json, encrypt: ['json.contact_info.contact_name', 'json.receivers[x].name'] },
      'encrypt[1]',
      "is not a field path such as 'json.name', 'json.items[].id_card_number', 'json.items[0].name' or 'query.card_no'",
    ],
    [
      'a path that is not a string',
      { json, encrypt: [42] as unknown as string[] },
      'encrypt[0]',
      "is not a field path such as 'json.name', 'json.items[].id_card_number', 'json.items[0].name' or 'query.card_no'",
    ],
    ['an empty list', { json, encrypt: [] }, 'encrypt', 'lists no field'],
    [
      'another kind of value',
      { json, encrypt: true as unknown as 'catalog' },
      'encrypt',
      "must be 'catalog', a list of field paths or a function that builds the body",
    ],
    [
      'one path twice',
      { json: { r: [{ n: 'a' }] }, encrypt: ['json.r[0].n', 'json.r[0].n'] },
      'json.r[0].n',
      'reaches json.r[0].n, which json.r[0].n encrypts already',
    ],
    [
      'overlapping paths',
      { json: { r: [{ n: 'a' }] }, encrypt: ['json.r[].n', 'json.r[0].n'] },
      'json.r[0].n',
      'reaches json.r[0].n, which json.r[].n encrypts already',
    ],
    [
      'a different Wechatpay-Serial',
      { json, encrypt: ['json.contact_info.contact_name'], headers: { 'Wechatpay-Serial': PLATFORM_CERT_SERIAL } },
      'headers.Wechatpay-Serial',
      `is ${PLATFORM_CERT_SERIAL}, but the encrypt option encrypts with the client's preferred key ${PUBLIC_KEY_ID}; leave the header out`,
    ],
    ['a function with json', { json, encrypt: () => ({}) }, 'encrypt', 'a function builds the whole JSON body; give it without json'],
    [
      'a function returning a string',
      { encrypt: (() => 'text') as unknown as () => object },
      'encrypt',
      'the function must return the JSON body: an object or an array',
    ],
    ['a function returning a promise', { encrypt: async () => ({}) }, 'encrypt', 'the function must return the body itself, not a promise'],
    [
      'a function sealing a number',
      { encrypt: (seal) => ({ n: seal(5 as unknown as string) }) },
      'encrypt',
      'must be a string to be encrypted, got number',
    ],
    [
      'a value too long for one RSA block',
      { json: { address: '张'.repeat(72) }, encrypt: ['json.address'] },
      'json.address',
      'is longer than the 214 bytes of UTF-8 one RSA-OAEP block holds (is it encrypted already?)',
    ],
  ];

  it.each(
    cases.flatMap(([what, options, parameter, message]) =>
      (['sync', 'async'] as const).map((mode) => [what, mode, options, parameter, message] as const),
    ),
  )('%s (%s)', async (_, mode, options, parameter, message) => {
    const count = (await env.simulator.received()).length;
    const error = await call(mode, 'POST', 'v3/x', options);
    expect(error).toBeInstanceOf(ParameterError);
    expect(error).toMatchObject({ name: 'ParameterError', code: 'ERR_PARAMETER', field: parameter, message: `${parameter}: ${message}` });
    expect((await env.simulator.received()).length).toBe(count);
  });

  it('never shows the value it refused', async () => {
    const secret = '110101199003074477';
    const errors = [
      await call('async', 'POST', 'v3/x', { json: { id: Number(secret) }, encrypt: ['json.id'] }),
      await call('sync', 'POST', 'v3/x', { json: { id: secret.repeat(12) }, encrypt: ['json.id'] }),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(ParameterError);
      expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(secret);
    }
  });

  it('takes exactly 214 bytes of UTF-8 in one field', async () => {
    expectNotFound(await call('async', 'POST', 'v3/x', { json: { address: 'a'.repeat(214) }, encrypt: ['json.address'] }));
    expect(decrypt(JSON.parse((await lastReceived()).body).address)).toBe('a'.repeat(214));
  });

  it("refuses 'catalog' where the catalog marks nothing, or marks a field the encryptor cannot reach", async () => {
    const count = (await env.simulator.received()).length;
    await expect(
      env.untyped
        .chain('v3/payscore/smartretail-orders/{out_order_no}/complete')
        .postAsync({ out_order_no: 'A1', json: { a: 'b' }, encrypt: 'catalog' }),
    ).rejects.toThrow(
      new ParameterError(
        'encrypt',
        'the catalog marks no field of POST v3/payscore/smartretail-orders/{out_order_no}/complete as encrypted; list the fields yourself',
      ),
    );
    expect(() => env.untyped.v3.marketing.shoppingReceipt.shoppingreceipts.post({ body: 'multipart…', encrypt: 'catalog' })).toThrow(
      new ParameterError(
        'body.meta.merchant_contact_information.consultation_phone_number',
        'is marked encrypted in the catalog but lies outside json and query (a multipart body or an APIv2 payload); encrypt it yourself',
      ),
    );
    expect((await env.simulator.received()).length).toBe(count);
  });

  it('refuses a function on a GET request', async () => {
    await expect(env.instance.v3.x.getAsync({ encrypt: () => ({}) })).rejects.toThrow(
      new ParameterError('encrypt', 'a function builds a JSON body, and a GET request carries none'),
    );
  });
});

describe('the encryptor in the stack', () => {
  it('comes first in a new client, before the signer', () => {
    expect(env.instance.getDriver().stack.names).toEqual(['encryptor', 'retry', 'signer', 'verifier']);
  });

  it.each(['sync', 'async'] as const)('without it, a call that asks for encryption fails and sends nothing (%s)', async (mode) => {
    const instance = Builder.factory({ ...env.simulator.config, certs: { [PUBLIC_KEY_ID]: platform.publicKey } });
    instance.getDriver().stack.remove('encryptor');
    const count = (await env.simulator.received()).length;
    const node = instance.v3.x;
    const options = { json: { name: '张三' }, encrypt: ['json.name'] };
    const error = await (async () => (mode === 'sync' ? node.post(options) : node.postAsync(options)))().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      field: 'encrypt',
      message: "encrypt: the call asks to encrypt fields but no 'encryptor' middleware served it; nothing was sent",
    });
    expect((await env.simulator.received()).length).toBe(count);
    // Calls without the option still go out.
    expectNotFound(await node.postAsync({ json: { name: 'x' } }).catch((e: unknown) => e));
    await instance.getDriver().close();
  });

  it('placed after the signer, changes signed bytes, and WeChat Pay refuses the signature', async () => {
    const instance = Builder.factory({ ...env.simulator.config, certs: { [PUBLIC_KEY_ID]: platform.publicKey } });
    instance
      .getDriver()
      .stack.remove('encryptor')
      .after('signer', encryptor({ serial: PUBLIC_KEY_ID, publicKey: platform.publicKey }), 'late-encryptor');
    const error = await instance.v3.x.postAsync({ json: { name: '张三' }, encrypt: ['json.name'] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ApiError', status: 401, code: 'SIGN_ERROR' });
    await instance.getDriver().close();
  });
});

describe('with platform certificates only', () => {
  const second = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certOnly = simulated(
    { platform: { serial: PLATFORM_CERT_SERIAL, privateKey: second.privateKey } },
    { certs: { [PLATFORM_CERT_SERIAL]: second.publicKey, '5157F09EFDC096DE15EBE81A47057A7232F9D5EB': unrelated } },
  );

  it('encrypts with the first certificate and names its serial', async () => {
    const error = await certOnly.instance.v3.x.postAsync({ json: { name: '张三' }, encrypt: ['json.name'] }).catch((e: unknown) => e);
    expectNotFound(error);
    const sent = (await certOnly.simulator.received()).at(-1)!;
    expect(sent.headers['wechatpay-serial']).toBe(PLATFORM_CERT_SERIAL);
    const ciphertext = JSON.parse(sent.body).name;
    const plain = privateDecrypt(
      { key: second.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(ciphertext, 'base64'),
    );
    expect(plain.toString('utf8')).toBe('张三');
  });
});
