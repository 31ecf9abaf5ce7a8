// Written by spec/bench/typecheck/make-consumer.mjs: 50 catalog endpoints called as an application would, the
// input of the type-check benchmark (npm run bench:types). It compiles against the typed and the untyped package.
import { Builder } from 'wechatpay-ts';

const instance = Builder.factory({ mchid: '1900000001', serial: 'ABC', privateKey: 'file:///tmp/key.pem', certs: {} });

export async function run(): Promise<unknown[]> {
  const seen: unknown[] = [];
  // GET v3/abnormal-fund-processing/receipts/{receipt_id}
  const r0 = await instance.v3.abnormalFundProcessing.receipts._receipt_id_.getAsync({ receipt_id: 'X1' });
  seen.push(r0.status, r0.json());
  // POST v3/apply4subject/applyment/{business_code}/cancel
  const r1 = await instance["v3/apply4subject/applyment/{business_code}/cancel"].postAsync({ business_code: 'X1' });
  seen.push(r1.status, r1.json());
  // POST v3/brand/card/card-configs/cancel-applyment
  const r2 = await instance.chain("v3/brand/card/card-configs/cancel-applyment").postAsync({ json: { brand_id: 'x' } });
  seen.push(r2.status, r2.json());
  // POST v3/brand/partner/card-member/user-cards/{user_card_code}/invalidate
  const r3 = await instance.v3.brand.partner.cardMember.userCards._user_card_code_.invalidate.postAsync({ user_card_code: 'X1', json: { openid: 'x' }, query: { brand_id: 'x', card_id: 'x' } });
  seen.push(r3.status, r3.json());
  // GET v3/capital/capitallhh/areas/provinces
  const r4 = await instance["v3/capital/capitallhh/areas/provinces"].getAsync({  });
  seen.push(r4.status, r4.json());
  // POST v3/credit-repayment/partner/contracts/terminate
  const r5 = await instance.chain("v3/credit-repayment/partner/contracts/terminate").postAsync({ json: { out_contract_code: 'x', contract_termination_remark: 'x' } });
  seen.push(r5.status, r5.json());
  // POST v3/ecommerce/account/apply-cancel-withdraw
  const r6 = await instance.v3.ecommerce.account.applyCancelWithdraw.postAsync({ json: { sub_mchid: 'x', out_request_no: 'x', payee_info: { account_type: "ACCOUNT_TYPE_CORPORATE", bank_account_info: { account_name: 'x', account_bank: 'x', account_number: 'x' } } } });
  seen.push(r6.status, r6.json());
  // GET v3/ecommerce/combine-papay/transactions/{combine_out_trade_no}
  const r7 = await instance["v3/ecommerce/combine-papay/transactions/{combine_out_trade_no}"].getAsync({ combine_out_trade_no: 'X1' });
  seen.push(r7.status, r7.json());
  // GET v3/ecommerce/profitsharing/orders
  const r8 = await instance.chain("v3/ecommerce/profitsharing/orders").getAsync({ query: { sub_mchid: 'x', transaction_id: 'x', out_order_no: 'x' } });
  seen.push(r8.status, r8.json());
  // GET v3/edu-papay/user/{openid}/contracts
  const r9 = await instance.v3.eduPapay.user._openid_.contracts.getAsync({ openid: 'X1', query: { appid: 'x', plan_id: 'x' } });
  seen.push(r9.status, r9.json());
  // GET v3/fund-app/mch-transfer/elecsign/out-bill-no/{out_bill_no}
  const r10 = await instance["v3/fund-app/mch-transfer/elecsign/out-bill-no/{out_bill_no}"].getAsync({ out_bill_no: 'X1' });
  seen.push(r10.status, r10.json());
  // POST v3/fund-app/mch-transfer/transfer-bills
  const r11 = await instance.chain("v3/fund-app/mch-transfer/transfer-bills").postAsync({ json: { appid: 'x', out_bill_no: 'x', openid: 'x', transfer_amount: 1, transfer_remark: 'x', transfer_scene_id: "1000", transfer_scene_report_infos: [{ info_type: 'x', info_content: 'x' }] } });
  seen.push(r11.status, r11.json());
  // POST v3/global/customs/verify-certificate
  const r12 = await instance.v3.global.customs.verifyCertificate.postAsync({ json: { appid: 'x', mchid: 'x', out_trade_no: 'x', transaction_id: 'x', customs: "GUANGZHOU_ZS", merchant_customs_no: 'x', certificate_type: "IDCARD", certificate_id: 'x', certificate_name: 'x' } });
  seen.push(r12.status, r12.json());
  // POST v3/global/papay/contracts/h5-pre-entrust-sign
  const r13 = await instance["v3/global/papay/contracts/h5-pre-entrust-sign"].postAsync({ json: {  } });
  seen.push(r13.status, r13.json());
  // GET v3/global/profit-sharing/transactions/{transaction_id}/amounts
  const r14 = await instance.chain("v3/global/profit-sharing/transactions/{transaction_id}/amounts").getAsync({ transaction_id: 'X1', query: {  } });
  seen.push(r14.status, r14.json());
  // POST v3/goldplan/merchants/set-advertising-industry-filter
  const r15 = await instance.v3.goldplan.merchants.setAdvertisingIndustryFilter.postAsync({ json: { sub_mchid: 'x' } });
  seen.push(r15.status, r15.json());
  // POST v3/gov/subsidy/zhejiang/authcode/cancel
  const r16 = await instance["v3/gov/subsidy/zhejiang/authcode/cancel"].postAsync({ json: { sp_serial_no: 'x', cred_frozen_no: 'x', trans_date: 'x', trans_time: 'x', auth_code: 'x', req_ssn: 'x' } });
  seen.push(r16.status, r16.json());
  // GET v3/inspolicymgr/deduct/authorizations/{out_insurance_no}
  const r17 = await instance.chain("v3/inspolicymgr/deduct/authorizations/{out_insurance_no}").getAsync({ out_insurance_no: 'X1' });
  seen.push(r17.status, r17.json());
  // POST v3/marketing/busifavor/stocks
  const r18 = await instance.v3.marketing.busifavor.stocks.postAsync({ json: { stock_name: 'x', belong_merchant: 'x', goods_name: 'x', stock_type: "NORMAL", coupon_use_rule: { coupon_available_time: { available_begin_time: 'x', available_end_time: 'x' }, use_method: "OFF_LINE" }, stock_send_rule: { max_coupons: 1, max_coupons_per_user: 1 }, out_request_no: 'x', coupon_code_mode: "WECHATPAY_MODE" } });
  seen.push(r18.status, r18.json());
  // GET v3/marketing/favor/stocks/{stock_id}/refund-flow
  const r19 = await instance["v3/marketing/favor/stocks/{stock_id}/refund-flow"].getAsync({ stock_id: 'X1' });
  seen.push(r19.status, r19.json());
  // GET v3/marketing/membercard-open/callback
  const r20 = await instance.chain("v3/marketing/membercard-open/callback").getAsync({  });
  seen.push(r20.status, r20.json());
  // GET v3/marketing/membercard-open/phonenumber-member/search
  const r21 = await instance.v3.marketing.membercardOpen.phonenumberMember.search.getAsync({ query: { card_id: 'x', encrypted_phone_number: 'x' } });
  seen.push(r21.status, r21.json());
  // POST v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}/associate-stores
  const r22 = await instance["v3/marketing/partner/product-coupon/product-coupons/{product_coupon_id}/stocks/{stock_id}/associate-stores"].postAsync({ product_coupon_id: 'X1', stock_id: 'X1', json: { brand_id: 'x', store_list: [{ store_id: 'x' }] } });
  seen.push(r22.status, r22.json());
  // GET v3/marketing/paygiftactivity/activities/{activity_id}
  const r23 = await instance.chain("v3/marketing/paygiftactivity/activities/{activity_id}").getAsync({ activity_id: 'X1' });
  seen.push(r23.status, r23.json());
  // POST v3/mch-operation-manage/enhanced-due-diligence/{due_diligence_id}/upload
  const r24 = await instance.v3.mchOperationManage.enhancedDueDiligence._due_diligence_id_.upload.postAsync({ due_diligence_id: 'X1', body: { due_diligence_file: '/tmp/upload.jpg', meta: { file_name: 'x', file_digest: 'x', sub_mchid: 'x', item_id: 1 } } });
  seen.push(r24.status, r24.json());
  // POST v3/merchant-risk-manage/ec-trade-risk/query-risk-trades
  const r25 = await instance["v3/merchant-risk-manage/ec-trade-risk/query-risk-trades"].postAsync({ json: {  } });
  seen.push(r25.status, r25.json());
  // GET v3/merchant-settlement/merchant-settle-rule-applications/{application_id}
  const r26 = await instance.chain("v3/merchant-settlement/merchant-settle-rule-applications/{application_id}").getAsync({ application_id: 'X1' });
  seen.push(r26.status, r26.json());
  // POST v3/new-tax-control-fapiao/card-template
  const r27 = await instance.v3.newTaxControlFapiao.cardTemplate.postAsync({ json: { card_appid: 'x', card_template_information: { logo_url: 'x' } } });
  seen.push(r27.status, r27.json());
  // GET v3/new-tax-control-fapiao/user-title/title-url
  const r28 = await instance["v3/new-tax-control-fapiao/user-title/title-url"].getAsync({ query: { fapiao_apply_id: 'x', source: "WEB", appid: 'x', openid: 'x', total_amount: 1 } });
  seen.push(r28.status, r28.json());
  // GET v3/papay/insurance-sign/contracts/plan-id/{plan_id}/out-contract-code/{out_contract_code}
  const r29 = await instance.chain("v3/papay/insurance-sign/contracts/plan-id/{plan_id}/out-contract-code/{out_contract_code}").getAsync({ plan_id: 'X1', out_contract_code: 'X1' });
  seen.push(r29.status, r29.json());
  // POST v3/papay/scheduled-deduct-sign/partner/contracts/pre-entrust-sign/jsapi
  const r30 = await instance.v3.papay.scheduledDeductSign.partner.contracts.preEntrustSign.jsapi.postAsync({ json: { sp_appid: 'x', sub_mchid: 'x', plan_id: 1, out_contract_code: 'x', contract_display_account: 'x', contract_notify_url: 'x' } });
  seen.push(r30.status, r30.json());
  // GET v3/partner-transfer/batches/batch-id/{batch_id}
  const r31 = await instance["v3/partner-transfer/batches/batch-id/{batch_id}"].getAsync({ batch_id: 'X1', query: { need_query_detail: true } });
  seen.push(r31.status, r31.json());
  // GET v3/pay-devices/printers/{device_id}/print-orders/{print_order_no}
  const r32 = await instance.chain("v3/pay-devices/printers/{device_id}/print-orders/{print_order_no}").getAsync({ device_id: 'X1', print_order_no: 'X1' });
  seen.push(r32.status, r32.json());
  // POST v3/pay/transactions/exposure
  const r33 = await instance.v3.pay.transactions.exposure.postAsync({ json: { appid: 'x', payer: {  }, out_trade_no: 'x' } });
  seen.push(r33.status, r33.json());
  // GET v3/payscore/acquiringbank/serviceorder
  const r34 = await instance["v3/payscore/acquiringbank/serviceorder"].getAsync({ query: { service_id: 'x', sub_mchid: 'x', channel_id: 'x' } });
  seen.push(r34.status, r34.json());
  // GET v3/payscore/partner/service-account-applications/{out_apply_no}
  const r35 = await instance.chain("v3/payscore/partner/service-account-applications/{out_apply_no}").getAsync({ out_apply_no: 'X1' });
  seen.push(r35.status, r35.json());
  // POST v3/payscore/permissions/openid/{openid}/terminate
  const r36 = await instance.v3.payscore.permissions.openid._openid_.terminate.postAsync({ openid: 'X1', json: { service_id: 'x', appid: 'x', reason: 'x' } });
  seen.push(r36.status, r36.json());
  // POST v3/payscore/sign-plan/partner/user-sign-plans/merchant-sign-plan-no/{merchant_sign_plan_no}/stop
  const r37 = await instance["v3/payscore/sign-plan/partner/user-sign-plans/merchant-sign-plan-no/{merchant_sign_plan_no}/stop"].postAsync({ merchant_sign_plan_no: 'X1', json: { sub_mchid: 'x', stop_reason: 'x' } });
  seen.push(r37.status, r37.json());
  // GET v3/platsolution/ecommerce/mch-transfer/deposit-after-sales-compensation-bills/out-bill-no/{out_bill_no}
  const r38 = await instance.chain("v3/platsolution/ecommerce/mch-transfer/deposit-after-sales-compensation-bills/out-bill-no/{out_bill_no}").getAsync({ out_bill_no: 'X1', query: {  } });
  seen.push(r38.status, r38.json());
  // POST v3/platsolution/ecommerce/settle/prepay-settle-orders
  const r39 = await instance.v3.platsolution.ecommerce.settle.prepaySettleOrders.postAsync({ json: { appid: 'x', out_settle_batch_no: 'x', individual_auth_id: 'x', notify_url: 'x', description: 'x', trade_scenario: "RECOMMERCE", settle_info_list: [{ out_settle_no: 'x', transaction_id: 'x', settle_detail_info_list: [{ out_settle_detail_no: 'x', settle_type: 'x', receiver_type: 'x', receiver_account: 'x', amount: { amount: 1 } }] }] } });
  seen.push(r39.status, r39.json());
  // GET v3/platsolution/mch-transfer/batches/detail-receipts/out-batch-no/{out_batch_no}/out-detail-no/{out_detail_no}
  const r40 = await instance["v3/platsolution/mch-transfer/batches/detail-receipts/out-batch-no/{out_batch_no}/out-detail-no/{out_detail_no}"].getAsync({ out_batch_no: 'X1', out_detail_no: 'X1', query: { sub_mchid: 'x' } });
  seen.push(r40.status, r40.json());
  // POST v3/qrcode/transactions
  const r41 = await instance.chain("v3/qrcode/transactions").postAsync({ json: { appid: 'x', out_trade_no: 'x', trade_scene: "BUS", contract_id: 'x' } });
  seen.push(r41.status, r41.json());
  // POST v3/smartguide/guides/{guide_id}/assign
  const r42 = await instance.v3.smartguide.guides._guide_id_.assign.postAsync({ guide_id: 'X1', json: { out_trade_no: 'x' } });
  seen.push(r42.status, r42.json());
  // POST v3/transactions/jsapi
  const r43 = await instance["v3/transactions/jsapi"].postAsync({ json: { mchid: 'x', appid: 'x', sub_mchid: 'x', sp_mchid: 'x', sp_appid: 'x', description: 'x', notify_url: 'x', out_trade_no: 'x', trade_type: 'x', merchant_category_code: 'x', amount: { total: 1 } } });
  seen.push(r43.status, r43.json());
  // GET v3/vehicle/etc/transactions/out-trade-no/{out_trade_no}
  const r44 = await instance.chain("v3/vehicle/etc/transactions/out-trade-no/{out_trade_no}").getAsync({ out_trade_no: 'X1', query: {  } });
  seen.push(r44.status, r44.json());
  // GET v2/appauth/authindex
  const r45 = await instance.v2.appauth.authindex.getAsync({ query: { mch_id: 'x', appid: 'x', redirect_uri: 'x', response_type: "code", scope: "pay_identity", state: 'x' } });
  seen.push(r45.status, r45.xml());
  // POST v2/mchrisk/channelquerymchauditinfo
  const r46 = await instance["v2/mchrisk/channelquerymchauditinfo"].postAsync({ xml: { mch_id: 'x', sub_mch_id: 'x', acquiring_bank_id: 'x', sign_type: "HMAC-SHA256" } });
  seen.push(r46.status, r46.xml());
  // POST v2/papay/partner/querycontract
  const r47 = await instance.chain("v2/papay/partner/querycontract").postAsync({ xml: { appid: 'x', mch_id: 'x', version: "1.0" }, nonceless: true });
  seen.push(r47.status, r47.xml());
  // POST v2/pay/refundqueryv2
  const r48 = await instance.v2.pay.refundqueryv2.postAsync({ xml: { appid: 'x', mch_id: 'x' } });
  seen.push(r48.status, r48.xml());
  // POST v2/secsvc/realnameauth
  const r49 = await instance["v2/secsvc/realnameauth"].postAsync({ xml: { version: "1.0", mch_id: 'x', appid: 'x', openid: 'x', real_name: 'x', cred_type: 1, cred_id: 'x', access_token: 'x', sign_type: "HMAC-SHA256" } });
  seen.push(r49.status, r49.xml());
  return seen;
}
