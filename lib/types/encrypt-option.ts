/**
 * Encrypts one value (RSA-OAEP, SHA-1) with the platform public key the client prefers, the key the call's
 * `Wechatpay-Serial` header names. Returns the base64 ciphertext.
 */
export type Seal = (plaintext: string) => string;

/** Builds the whole JSON body of a call, passing each sensitive value through `seal`. */
export type BodyBuilder = (seal: Seal) => object;

/**
 * What the `encrypt` call option takes:
 * - `'catalog'`: the fields the WeChat Pay catalog marks as encrypted for this endpoint (see `sensitiveFields`),
 *   those present in the call;
 * - a list of field paths such as `json.id_card_name`, `json.ubo_info_list[].ubo_id_doc_number` or `query.card_no`,
 *   each of which must reach at least one string;
 * - a function that builds the JSON body and calls `seal` on each sensitive value.
 */
export type EncryptOption = 'catalog' | readonly string[] | BodyBuilder;
