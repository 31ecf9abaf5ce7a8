/**
 * What the docs generator reads of the WeChat Pay API catalog, taken from the model the typed endpoints are
 * generated from (scripts/catalog/model.mjs), so that the reference pages and the types never disagree about a
 * path, a segment, a field, an enum or a required flag. This module only reshapes the model for the page writers:
 * every field gets a `children` array, and the model's repairs (notes) are passed on.
 */
import { DEFAULT_CATALOG, loadModel } from '../catalog/model.mjs';

export { DEFAULT_CATALOG };

/**
 * @typedef {import('../catalog/model.mjs').Field & { children: Field[] }} Field
 * @typedef {Omit<import('../catalog/model.mjs').Operation, 'request' | 'response'> & { request: Field[], response: Field[] }} Operation
 * @typedef {Omit<import('../catalog/model.mjs').Endpoint, 'operations'> & { operations: Operation[] }} Endpoint
 * @typedef {Omit<import('../catalog/model.mjs').Webhook, 'headers' | 'body' | 'resource'> & { headers: Field[], body: Field[], resource: Field[] }} Webhook
 */

/** @param {string} [file] @returns {{ endpoints: Endpoint[], webhooks: Webhook[], notes: string[] }} */
export function loadCatalog(file = DEFAULT_CATALOG) {
  const model = loadModel(file);
  const endpoints = model.endpoints.map((endpoint) => ({
    ...endpoint,
    operations: endpoint.operations.map((operation) => {
      const out = { ...operation, request: fields(operation.request), response: fields(operation.response) };
      for (const kind of ['json', 'query', 'body', 'xml', 'headers']) {
        if (operation[kind]) out[kind] = out.request.find((field) => field.name === kind);
      }
      return out;
    }),
  }));
  const webhooks = model.webhooks.map((webhook) => ({
    ...webhook,
    headers: fields(webhook.headers),
    body: fields(webhook.body),
    resource: fields(webhook.resource),
  }));
  return { endpoints, webhooks, notes: model.notes };
}

/** @returns {Field[]} */
function fields(list = []) {
  return list.map((field) => ({ ...field, children: fields(field.children) }));
}
