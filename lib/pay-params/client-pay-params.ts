import type { KeyObject } from 'node:crypto';
import { ConfigError } from '../errors/config-error.js';
import { checkOptions } from './check-pay-input.js';
import type { AppPayInput, AppPayParams, JsapiPayInput, JsapiPayParams, MiniProgramPayParams } from './pay-params-types.js';
import { rsaApp, rsaJsapi, type FreshSource } from './rsa-pay-params.js';

/** The APIv3 builders of `PayParams`, signed with a client's merchant key: `instance.getDriver().payParams`. */
export interface ClientPayParams {
  jsapi(input: JsapiPayInput): JsapiPayParams;
  miniProgram(input: JsapiPayInput): MiniProgramPayParams;
  /** `partnerId` defaults to the client's `mchid`. */
  app(input: Omit<AppPayInput, 'partnerId'> & { partnerId?: string }): AppPayParams;
}

const FRESH = ['nonce', 'timestamp'] as const;

/** Builders bound to a loaded key; `fresh` is the client's `clock` and `nonce` (tests fix them). */
export function clientPayParams(mchid: string, privateKey: KeyObject | undefined, fresh: FreshSource): ClientPayParams {
  const key = (): KeyObject => {
    if (!privateKey) throw new ConfigError('privateKey', 'is required for APIv3 pay parameters (this client has only the APIv2 secret)');
    return privateKey;
  };
  return {
    jsapi: (input) => rsaJsapi(checkOptions(input, 'payParams.jsapi', ['appId', 'prepayId', ...FRESH]), key, fresh),
    miniProgram: (input) => {
      const { appId: _, ...params } = rsaJsapi(checkOptions(input, 'payParams.miniProgram', ['appId', 'prepayId', ...FRESH]), key, fresh);
      return params;
    },
    app: (input) => {
      const options = checkOptions(input, 'payParams.app', ['appId', 'partnerId', 'prepayId', ...FRESH]);
      return rsaApp({ ...options, partnerId: options.partnerId ?? mchid }, key, fresh);
    },
  };
}
