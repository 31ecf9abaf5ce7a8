import { describe, expect, it } from 'vitest';
import { ParameterError, sensitiveFields } from 'wechatpay-ts';

describe('sensitiveFields', () => {
  it('lists the fields the catalog marks by-rsa-pubkey for an endpoint, as encrypt paths', () => {
    expect(sensitiveFields('POST', 'v3/pay/transactions/jsapi')).toEqual(['json.payer.identity.number', 'json.payer.identity.name']);
    expect(sensitiveFields('POST', 'v3/profitsharing/orders')).toEqual(['json.receivers[].name']);
    expect(sensitiveFields('GET', 'v3/aggracct-bc/wb-channel/account/balance')).toEqual(['query.bal_account_no', 'query.card_no']);
  });

  it('matches placeholders of any name, filled-in values and a leading slash, per method', () => {
    const fields = ['query.bal_account_no'];
    expect(sensitiveFields('GET', 'v3/aggracct-bc/wb-channel/bank-channel-account/rename/{application_id}')).toEqual(fields);
    expect(sensitiveFields('GET', 'v3/aggracct-bc/wb-channel/bank-channel-account/rename/{id}')).toEqual(fields);
    expect(sensitiveFields('GET', '/v3/aggracct-bc/wb-channel/bank-channel-account/rename/APP2024')).toEqual(fields);
    expect(sensitiveFields('POST', 'v3/aggracct-bc/wb-channel/bank-channel-account/rename')).toEqual(['json.bal_account_no']);
    // An empty segment is not a value for a placeholder.
    expect(sensitiveFields('GET', 'v3/aggracct-bc/wb-channel/bank-channel-account/rename/')).toEqual([]);
  });

  it('keeps a trailing slash significant, as WeChat Pay does', () => {
    expect(sensitiveFields('POST', 'v3/applyment4sub/applyment/')).toContain('json.subject_info.ubo_info_list[].ubo_id_doc_number');
    expect(sensitiveFields('POST', 'v3/applyment4sub/applyment')).toEqual([]);
  });

  it('gives [] for endpoints without marked fields, and a fresh array each time', () => {
    expect(sensitiveFields('POST', 'v3/payscore/smartretail-orders/{out_order_no}/complete')).toEqual([]);
    expect(sensitiveFields('GET', 'v3/pay/transactions/jsapi')).toEqual([]);
    const first = sensitiveFields('POST', 'v3/pay/transactions/jsapi');
    first.push('json.mine');
    expect(sensitiveFields('POST', 'v3/pay/transactions/jsapi')).toEqual(['json.payer.identity.number', 'json.payer.identity.name']);
  });

  it('lists fields the encryptor cannot reach too, so that a caller can see them', () => {
    expect(sensitiveFields('POST', 'v3/marketing/shopping-receipt/shoppingreceipts')).toEqual([
      'body.meta.merchant_contact_information.consultation_phone_number',
    ]);
    expect(sensitiveFields('POST', 'v2/mmpaysptrans/pay_bank')).toEqual(['xml.enc_bank_no', 'xml.enc_true_name']);
  });

  it('refuses an unknown method or a path that is not a string', () => {
    expect(() => sensitiveFields('post' as 'POST', 'v3/pay/transactions/jsapi')).toThrow(
      new ParameterError('method', 'must be one of GET, PUT, POST, PATCH, DELETE'),
    );
    expect(() => sensitiveFields('POST', undefined as unknown as string)).toThrow(new ParameterError('path', 'must be a string'));
  });
});
