/** A verified callback: WeChat Pay's envelope with `resource` decrypted and parsed. */
export interface NotificationEvent<Resource = Record<string, unknown>> {
  /** The notification id; WeChat Pay sends the same one again when it retries, so act on each id once. */
  id: string;
  create_time: string;
  /** `TRANSACTION.SUCCESS`, `REFUND.SUCCESS`… */
  event_type: string;
  resource_type: string;
  summary: string;
  /** `resource.original_type` of the envelope (`transaction`, `refund`…). */
  original_type: string | undefined;
  /** The decrypted resource. Its type is yours to state: nothing checks it against `Resource`. */
  resource: Resource;
}

/** A callback the WeChat Pay API catalog knows: its `event_type` and the type of its decrypted resource. */
export interface KnownNotificationEvent<EventType extends string, Resource> extends NotificationEvent<Resource> {
  event_type: EventType;
}
