import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteBuilt } from './support/build-site.js';
import { ARTEFACTS, DIST } from './support/docs-paths.js';
import { serveStatic } from './support/static-server.js';

/** Debian's Chromium; CI installs it (.ci/run). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SEED = '/openapi/v3/payscore/smartretail-orders/_out_order_no_/complete.html';
const SEED_PATH = 'v3/payscore/smartretail-orders/{out_order_no}/complete';
/** Each tab of the seed page's code group, and a piece of code only that tab shows. */
const TABS: Array<[string, string]> = [
  ['chain, async', 'instance.v3.payscore.smartretailOrders._out_order_no_.complete.postAsync('],
  ['declarative, async', `instance.chain('${SEED_PATH}').postAsync(`],
  ['bracket, async', `instance['${SEED_PATH}'].postAsync(`],
  ['chain, sync', 'instance.v3.payscore.smartretailOrders._out_order_no_.complete.post('],
  ['declarative, sync', `instance.chain('${SEED_PATH}').post(`],
  ['bracket, sync', `instance['${SEED_PATH}'].post(`],
];

let browser: Browser;
let page: Page;
let site: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  const took = await siteBuilt();
  console.log(`docs: site built in ${(took / 1000).toFixed(1)} s`);
  site = await serveStatic(DIST);
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium), or set CHROMIUM_PATH to a Chromium or Chrome`);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  mkdirSync(ARTEFACTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Collapses whitespace, so code compares equal however the highlighter split it into lines and spans. */
const flat = (text: string | null) => (text ?? '').replace(/\s+/g, '');

describe('the documentation site in a browser', () => {
  it('shows the home page', async () => {
    await page.goto(`${site.url}/`);
    await expect.poll(() => page.locator('.VPHero .name').textContent()).toContain('wechatpay-ts');
    expect(await page.locator('.VPHero .actions a').allTextContents()).toEqual(expect.arrayContaining(['Get started', 'API reference']));
    await page.screenshot({ path: `${ARTEFACTS}home.png`, fullPage: false });
  });

  it('shows the seed endpoint, and each of the six tabs shows its own code', async () => {
    await page.goto(`${site.url}${SEED}`);
    expect(await page.locator('h1').first().textContent()).toContain('完结智慧零售订单');
    const group = page.locator('.vp-code-group').first();
    expect(await group.locator('.tabs label').allTextContents()).toEqual(TABS.map(([label]) => label));
    for (const [label, code] of TABS) {
      await group.locator('.tabs label', { hasText: new RegExp(`^${label}$`) }).click();
      const active = group.locator('.blocks > .active');
      await expect.poll(async () => flat(await active.textContent())).toContain(flat(code));
      expect(await active.isVisible()).toBe(true);
      // Exactly one block is shown at a time, and it is this tab's.
      expect(await group.locator('.blocks > div:visible').count()).toBe(1);
    }
    await page.locator('.vp-code-group').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTEFACTS}endpoint.png`, fullPage: false });
  });

  it('finds the endpoint by its Chinese name, first when whole, among the results when in part', async () => {
    const target = '/openapi/v3/payscore/smartretail-orders/_out_order_no_/complete';
    for (const query of ['完结智慧零售订单', '零售订单']) {
      await page.goto(`${site.url}/`);
      await page.locator('.VPNavBarSearch button').first().click();
      await page.locator('.VPLocalSearchBox input').first().fill(query);
      const links = page.locator('.VPLocalSearchBox .results a');
      await expect.poll(async () => (await links.count()) > 0, { timeout: 15_000 }).toBe(true);
      const hrefs = await links.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''));
      if (query === '完结智慧零售订单') {
        expect(decodeURI(hrefs[0] ?? '')).toContain(target);
        await page.screenshot({ path: `${ARTEFACTS}search.png`, fullPage: false });
      } else {
        // Several smart-retail endpoints share 零售订单: the page must be among them, found by a part of its name.
        expect(hrefs.some((href) => decodeURI(href).includes(target))).toBe(true);
      }
      await page.keyboard.press('Escape');
    }
  });
});
