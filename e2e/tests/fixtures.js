// The end-to-end suite's fixtures (@playwright/test): every test gets a fresh `product` (the
// release proxy on the embedded emulator: its address, its access log, the emulator's
// faults), or a `portal` in front of a proxy with portal sessions, and a fresh page whose
// uncaught errors fail the test. Emulator delays or a fixture
// are set per file or describe block with `test.use({ productOptions: { reinstallSeconds: 8 } })`.
import { expect, test as base } from '@playwright/test';
import { startPortal } from '../portal.js';
import { startProxy } from '../product.js';

export { expect };
export { openImages, seeStatuses, usePassword, violations } from '../ui.js';

export const test = base.extend({
  /** Options of the product a test runs against (see `startProxy`). */
  productOptions: [{}, { option: true }],

  product: async ({ productOptions }, use, testInfo) => {
    const product = await startProxy(productOptions);
    try {
      await use(product);
    } finally {
      product.stop();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('proxy.log', { body: product.log(), contentType: 'text/plain' });
      }
    }
  },

  /** Options of the portal (see `startPortal`): `ttl` of its sessions, `productOptions`. */
  portalOptions: [{}, { option: true }],

  /** The proxy with portal sessions behind a portal running the README's examples. */
  portal: async ({ portalOptions }, use, testInfo) => {
    const portal = await startPortal(portalOptions);
    try {
      await use(portal);
    } finally {
      portal.stop();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('proxy.log', { body: portal.product.log(), contentType: 'text/plain' });
      }
    }
  },

  page: async ({ page }, use) => {
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});
