export { startSimulator } from './start-simulator.js';
export type { ReceivedRequest, Simulator, SimulatorOptions } from './simulator-options.js';
export { FAULT_HEADER } from './faults.js';
export { sampleEvent, webhookEvent, type SampleOptions } from './sample-event.js';
export { sendNotification, type SendNotificationOptions } from './send-notification.js';
export type { NotificationDelivery, NotifyOptions, SentNotification } from './notify-types.js';
export type { WebhookEvent, WebhookField } from './webhook-event.js';
export { WEBHOOK_EVENTS } from './webhook-events.js';
