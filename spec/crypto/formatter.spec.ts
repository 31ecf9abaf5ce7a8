import { afterEach, describe, expect, it, vi } from 'vitest';
import { Formatter } from 'wechatpay-ts';
import { fixture } from '../support/fixtures.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('Formatter', () => {
  it('joinedByLineFeed puts a line feed after every piece, the last one included', () => {
    expect(Formatter.joinedByLineFeed('a', 'b', 1554208460)).toBe('a\nb\n1554208460\n');
    expect(Formatter.joinedByLineFeed('', '')).toBe('\n\n');
    expect(Formatter.joinedByLineFeed()).toBe('');
  });

  it('request builds the message a request signature covers', () => {
    expect(
      Formatter.request('POST', '/v3/pay/transactions/native', 1554208460, '593BEC0C930BF1AFEB40B4A08C8FB242', '{"appid":"wxd678efh567hg6787"}'),
    ).toBe('POST\n/v3/pay/transactions/native\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"appid":"wxd678efh567hg6787"}\n');
  });

  it('request without a body ends in an empty line', () => {
    expect(Formatter.request('GET', '/v3/certificates', '1554208460', '593BEC0C930BF1AFEB40B4A08C8FB242')).toBe(
      'GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n',
    );
  });

  it('request matches the signer fixture that printf wrote', () => {
    const body = '{"appid":"wxd678efh567hg6787","finish_type":2,"service_id":"500001","total_amount":1200}';
    const uri = '/hk/v3/payscore/smartretail-orders/ORDER%2F1/complete?lang=zh-CN&page=1';
    expect(Formatter.request('POST', uri, 1700000000, '5K8264ILTKCH16CQ2502SI8ZNMTM67VS', body)).toBe(fixture('signing-message.txt'));
  });

  it('response builds the message an answer or callback signature covers', () => {
    expect(Formatter.response(1554209980, 'c5ac7061fccab6bf3e254dcf98995b8c', '{"code_url":"weixin://wxpay/bizpayurl?pr=p4lpSuKzz"}')).toBe(
      '1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n{"code_url":"weixin://wxpay/bizpayurl?pr=p4lpSuKzz"}\n',
    );
    expect(Formatter.response('1554209980', 'c5ac7061fccab6bf3e254dcf98995b8c')).toBe('1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n\n');
  });

  it('authorization writes the header value in the documented order', () => {
    expect(
      Formatter.authorization({
        mchid: '1900000001',
        serial_no: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
        timestamp: '1554208460',
        nonce_str: '593BEC0C930BF1AFEB40B4A08C8FB242',
        signature:
          'uOVRnA4qG/MNnYzdQxJanN+zU+lTgIcnU9BxGw5dKjK+VdEUz2FeIoC+D5sB/LN+nGzX3hfZg6r5wT1pl2ZobmIc6p0ldN7J6yDgUzbX8Uk3sD4a4eZVPTBvqNDoUqcYMlZ9uuDdCvNv4TM3c1WzsXUrExwVkI1XO5jCNbgDJ25nkT/c1gIFvqoogl7MdSFGc4W4xZsqCItnqbypR3RuGIlR9h9vlRsy7zJR9PBI83X8alLDIfR1ukt1P7tMnmogZ0cuDY8cZsd8ZlCgLadmvej58SLsIkVxFJ8XyUgx9FmutKSYTmYtWBZ0+tNvfGmbXU7cob8H/4nLBiCwIUFluw==',
      }),
    ).toBe(
      'WECHATPAY2-SHA256-RSA2048 mchid="1900000001",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C",timestamp="1554208460",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="uOVRnA4qG/MNnYzdQxJanN+zU+lTgIcnU9BxGw5dKjK+VdEUz2FeIoC+D5sB/LN+nGzX3hfZg6r5wT1pl2ZobmIc6p0ldN7J6yDgUzbX8Uk3sD4a4eZVPTBvqNDoUqcYMlZ9uuDdCvNv4TM3c1WzsXUrExwVkI1XO5jCNbgDJ25nkT/c1gIFvqoogl7MdSFGc4W4xZsqCItnqbypR3RuGIlR9h9vlRsy7zJR9PBI83X8alLDIfR1ukt1P7tMnmogZ0cuDY8cZsd8ZlCgLadmvej58SLsIkVxFJ8XyUgx9FmutKSYTmYtWBZ0+tNvfGmbXU7cob8H/4nLBiCwIUFluw=="',
    );
  });

  it('ksort returns a copy with keys in byte order, the input untouched', () => {
    const input = { total_fee: 1, appid: 'wx', Body: 'B', _x: '_', mch_id: '10000100', nested: { z: 1, a: 2 } };
    const sorted = Formatter.ksort(input);
    expect(Object.keys(sorted)).toEqual(['Body', '_x', 'appid', 'mch_id', 'nested', 'total_fee']);
    expect(sorted).toEqual(input);
    expect(sorted).not.toBe(input);
    expect(Object.keys(input)).toEqual(['total_fee', 'appid', 'Body', '_x', 'mch_id', 'nested']);
    expect(Object.keys(sorted.nested)).toEqual(['z', 'a']);
  });

  it('queryStringLike writes the APIv2 signing string: sorted, sign and empty values left out, nothing encoded', () => {
    expect(
      Formatter.queryStringLike({
        nonce_str: 'ibuaiVcKdpRxkhJA',
        sign: 'X',
        body: 'QQ 会员&充值',
        attach: '',
        mch_id: '10000100',
        total_fee: 0,
        appid: 'wxd930ea5d5a258f4f',
      }),
    ).toBe('appid=wxd930ea5d5a258f4f&body=QQ 会员&充值&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&total_fee=0');
  });

  it('nonce gives random letters and digits, 32 by default', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => Formatter.nonce()));
    expect(nonces.size).toBe(50);
    for (const n of nonces) expect(n).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(Formatter.nonce(16)).toMatch(/^[0-9A-Za-z]{16}$/);
  });

  it('timestamp is whole seconds since the epoch', () => {
    vi.useFakeTimers({ now: 1_554_208_460_999 });
    expect(Formatter.timestamp()).toBe(1554208460);
  });
});
