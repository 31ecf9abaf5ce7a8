import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Notification, type NotificationEvent } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { PLATFORM_CERT_SERIAL, fixture } from '../support/fixtures.js';
import { notifyReceiver } from '../support/notify-receiver.js';

/**
 * During WeChat Pay's move from platform certificates to a public key, callbacks ramp from one key to the other
 * over 7 days: for a while some are signed under the certificate serial, others under the public key id.
 */
const receiver = notifyReceiver();
const API_V3_KEY = 'MixedModeApiV3Key0123456789abcde';
let byPublicKey: Simulator;
let byCertificate: Simulator;
const got: NotificationEvent[] = [];
const errors: unknown[] = [];
const paths = { both: '', publicKeyOnly: '', certificateOnly: '' };

beforeAll(async () => {
  [byPublicKey, byCertificate] = await Promise.all([
    startSimulator({ apiV3Key: API_V3_KEY, worker: true }),
    startSimulator({ apiV3Key: API_V3_KEY, platform: { serial: PLATFORM_CERT_SERIAL, privateKey: fixture('platform-key.pem') } }),
  ]);
  const publicKey = { [byPublicKey.platform.serial]: byPublicKey.platform.publicKey };
  const certificate = { [PLATFORM_CERT_SERIAL]: fixture('platform-cert.pem') };
  const route = (path: string, certs: Record<string, string>) =>
    receiver.route(
      path,
      new Notification({ apiV3Key: API_V3_KEY, certs }).nodeHandler((event) => void got.push(event), { onError: (error) => void errors.push(error) }),
    );
  paths.both = route('/both', { ...publicKey, ...certificate });
  paths.publicKeyOnly = route('/public-key', publicKey);
  paths.certificateOnly = route('/certificate', certificate);
});
afterAll(() => Promise.all([byPublicKey?.close(), byCertificate?.close()]));

describe('certs holding a public key id and a platform certificate serial at once', () => {
  it('accepts callbacks signed by either key, interleaved', async () => {
    got.length = 0;
    errors.length = 0;
    const senders = [byPublicKey, byCertificate, byCertificate, byPublicKey];
    const deliveries = await Promise.all(senders.map((simulator) => simulator.notify('TRANSACTION.SUCCESS', { to: paths.both })));
    expect(deliveries.map((delivery) => delivery.status)).toEqual([204, 204, 204, 204]);
    expect(deliveries.map((delivery) => delivery.sent.headers['Wechatpay-Serial'])).toEqual([
      byPublicKey.platform.serial,
      PLATFORM_CERT_SERIAL,
      PLATFORM_CERT_SERIAL,
      byPublicKey.platform.serial,
    ]);
    expect(byPublicKey.platform.serial).toMatch(/^PUB_KEY_ID_/);
    expect(got.map((event) => event.id).sort()).toEqual(deliveries.map((delivery) => JSON.parse(delivery.sent.body).id).sort());
    expect(errors).toEqual([]);
  });

  it('refuses, with one key only, the callbacks signed by the other (serial)', async () => {
    errors.length = 0;
    expect((await byCertificate.notify('REFUND.SUCCESS', { to: paths.publicKeyOnly })).status).toBe(401);
    expect((await byPublicKey.notify('REFUND.SUCCESS', { to: paths.certificateOnly })).status).toBe(401);
    expect(errors).toMatchObject([{ reason: 'serial' }, { reason: 'serial' }]);
    expect((await byCertificate.notify('REFUND.SUCCESS', { to: paths.certificateOnly })).status).toBe(204);
    expect((await byPublicKey.notify('REFUND.SUCCESS', { to: paths.publicKeyOnly })).status).toBe(204);
  });
});
