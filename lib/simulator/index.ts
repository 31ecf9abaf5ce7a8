export { startSimulator } from './start-simulator.js';
export type { ReceivedRequest, Simulator, SimulatorOptions } from './simulator-options.js';
export type { SimulatorV2Options } from './simulator-options.js';
export { EXPIRED_AUTH_CODE } from './v2-routes.js';
export { FAULT_HEADER } from './faults.js';
export { sampleEvent, webhookEvent, type SampleOptions } from './sample-event.js';
export { sendNotification, type SendNotificationOptions } from './send-notification.js';
export type { NotificationDelivery, NotifyOptions, SentNotification } from './notify-types.js';
export type { WebhookEvent, WebhookField } from './webhook-event.js';
export { WEBHOOK_EVENTS } from './webhook-events.js';
export type { ServedFile, ServeFileOptions } from './served-files.js';
export type { SimulatorFaults } from './simulator-options.js';
export type { FaultKind, FaultRule } from './fault-rules.js';
export type {
  CallbackOutcome,
  DeliveryAttempt,
  LedgerOrder,
  LedgerRefund,
  PayOptions,
  PayResult,
  RefundStatus,
  SettleRefundOptions,
  SettleRefundResult,
  TradeState,
} from './ledger-types.js';
export { RETRY_SCHEDULE } from './callback-queue.js';
