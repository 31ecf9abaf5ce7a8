/** One field of a callback's decrypted resource, as the catalog describes it. */
export interface WebhookField {
  readonly name: string;
  /** `string`, `integer`, `number`, `boolean`, `object`, `object[]`, `string[]`… or `unknown`. */
  readonly type: string;
  readonly required?: boolean;
  /** The allowed values, as text (also for integer fields). */
  readonly enum?: readonly string[];
  /** `by-rsa-pubkey`: WeChat Pay encrypts the value for the merchant (RSA-OAEP), base64. */
  readonly encrypted?: string;
  /** `by-json_encode`: the value is a JSON text of `children`. */
  readonly encoded?: string;
  readonly children?: readonly WebhookField[];
}

/** An APIv3 callback event type (`TRANSACTION.SUCCESS`…) and the shape of its decrypted resource. */
export interface WebhookEvent {
  readonly event: string;
  /** The official name of the callback, in Chinese. */
  readonly title: string;
  /** `resource_type` when the catalog fixes it; otherwise WeChat Pay's usual `encrypt-resource`. */
  readonly resourceType?: string;
  /** `summary` when the catalog fixes it. */
  readonly summary?: string;
  /** `resource.original_type` when the catalog fixes it. */
  readonly originalType?: string;
  /** `resource.associated_data` when the catalog fixes it. */
  readonly associatedData?: string;
  readonly fields: readonly WebhookField[];
}
