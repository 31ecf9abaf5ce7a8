#!/usr/bin/env node
/**
 * Writes the reference part of the documentation site from the WeChat Pay API catalog: one page per endpoint path
 * (docs/openapi/…), one per callback event (docs/webhooks/…), their index pages, and the sidebar for them
 * (docs/.vitepress/generated/sidebar.json).
 *
 *   node scripts/generate-docs.mjs [path/to/wechatpay-api.json]
 *
 * The output is not committed (see .gitignore): it is over a thousand files that follow from the catalog and
 * these scripts alone, so `npm run docs:build` and the docs spec make it afresh every time.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from './docs/catalog-adapter.mjs';
import { endpointPage } from './docs/endpoint-page.mjs';
import { code } from './docs/field-table.mjs';
import { endpointPage as endpointFile, groupOf, pageLink, webhookPage as webhookFile } from './docs/page-paths.mjs';
import { webhookPage } from './docs/webhook-page.mjs';

export const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));

/** Writes every generated page under `docs` and returns the list of files written, relative to it. */
export function generateDocs({ catalogFile, docs = DOCS } = {}) {
  const { endpoints, webhooks } = loadCatalog(catalogFile);
  const written = [];
  const write = (file, text) => {
    const target = join(docs, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    written.push(file);
  };
  for (const dir of ['openapi', 'webhooks', '.vitepress/generated']) rmSync(join(docs, dir), { recursive: true, force: true });

  const groups = new Map();
  const seen = new Map();
  for (const endpoint of endpoints) {
    const page = endpointFile(endpoint.path);
    // Windows and macOS file systems ignore case: two pages differing only in case would overwrite each other.
    const clash = seen.get(page.toLowerCase());
    if (clash) throw new Error(`${endpoint.path} and ${clash} map to the same page file`);
    seen.set(page.toLowerCase(), endpoint.path);
    write(`${page}.md`, endpointPage(endpoint));
    const group = groupOf(endpoint.path);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push({ endpoint, page });
  }
  for (const [group, members] of groups) {
    if (seen.has(`openapi/${group}/index`.toLowerCase())) throw new Error(`an endpoint ${group}/index would hide the section page`);
    write(`openapi/${group}/index.md`, groupPage(group, members));
  }
  write('openapi/index.md', referenceIndex(groups));

  const webhookPages = new Map(webhooks.map((webhook) => [webhook.event, `/${webhookFile(webhook.protocol, webhook.event)}`]));
  for (const webhook of webhooks) {
    const page = webhookFile(webhook.protocol, webhook.event).toLowerCase();
    if (seen.has(page)) throw new Error(`${webhook.event} and ${seen.get(page)} map to the same page file`);
    seen.set(page, webhook.event);
  }
  for (const webhook of webhooks)
    write(
      `${webhookFile(webhook.protocol, webhook.event)}.md`,
      webhookPage(webhook, (event) => webhookPages.get(event)),
    );
  write('webhooks/index.md', webhookIndex(webhooks));

  write('.vitepress/generated/sidebar.json', `${JSON.stringify(sidebar(groups, webhooks), null, 1)}\n`);
  return written;
}

function groupPage(group, members) {
  const rows = members.flatMap(({ endpoint, page }) =>
    endpoint.operations.map(
      (operation) => `| [${escapeCell(operation.title)}](${pageLink(page)}) | ${code(operation.method)} | ${code(endpoint.path)} |`,
    ),
  );
  return [
    `# ${code(group)}`,
    '',
    `${members.length} endpoint paths under ${code(`${group}/`)}.`,
    '',
    '| API | method | path |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

function referenceIndex(groups) {
  const sections = [];
  for (const protocol of ['v3', 'v2']) {
    const rows = [...groups]
      .filter(([group]) => group.startsWith(`${protocol}/`))
      .map(([group, members]) => `| [${code(group)}](/openapi/${group}/) | ${members.length} |`);
    sections.push(`## ${protocol === 'v3' ? 'APIv3' : 'APIv2 (XML)'}`, '', '| section | endpoint paths |', '| --- | ---: |', ...rows, '');
  }
  const total = [...groups.values()].reduce((sum, members) => sum + members.length, 0);
  return [
    '# API reference',
    '',
    `Every endpoint path of the WeChat Pay API that the catalog knows, ${total} in all, one page each. A page gives the`,
    'official name and link, the methods, a call in each of the six styles and the request and response fields.',
    'Search (top of the page) finds an endpoint by its Chinese name, its path or a field name.',
    '',
    ...sections,
  ].join('\n');
}

function webhookIndex(webhooks) {
  const rows = webhooks.map(
    (webhook) =>
      `| [${code(webhook.event)}](/${webhookFile(webhook.protocol, webhook.event)}) | ${webhook.protocol} | ${escapeCell(webhook.title)} |`,
  );
  return [
    '# Callback events',
    '',
    `The ${webhooks.length} events WeChat Pay can POST to your \`notify_url\`. Each page has a handler and the fields of`,
    'the event. The [callbacks guide](/guide/callbacks) explains verification, answers and frameworks.',
    '',
    '| event | API | name |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

function sidebar(groups, webhooks) {
  const section = (protocol, text) => ({
    text,
    collapsed: protocol === 'v2',
    items: [...groups.keys()].filter((group) => group.startsWith(`${protocol}/`)).map((group) => ({ text: group, link: `/openapi/${group}/` })),
  });
  return {
    '/openapi/': [{ text: 'API reference', link: '/openapi/' }, section('v3', 'APIv3'), section('v2', 'APIv2 (XML)')],
    '/webhooks/': [
      { text: 'Callback events', link: '/webhooks/' },
      ...['v3', 'v2'].map((protocol) => ({
        text: protocol === 'v3' ? 'APIv3 (JSON)' : 'APIv2 (XML)',
        collapsed: protocol === 'v2',
        items: webhooks
          .filter((webhook) => webhook.protocol === protocol)
          .map((webhook) => ({ text: webhook.event, link: `/${webhookFile(protocol, webhook.event)}` })),
      })),
    ],
  };
}

function escapeCell(text) {
  return String(text)
    .replace(/\|/g, '\\|')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const written = generateDocs({ catalogFile: process.argv[2] });
  console.log(`docs: ${written.length} generated pages under docs/`);
}
