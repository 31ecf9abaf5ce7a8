// One measured transfer in a fresh process: `node variant.mjs <variant> <json>`. Prints one JSON line:
// { ms, rssBefore, rssPeak } in bytes; the peak is sampled every 20 ms and taken from resourceUsage at the end.
import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { createReadStream, createWriteStream, openAsBlob } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Agent, FormData, request } from 'undici';
import { Builder } from 'wechatpay-ts';

const [variant, json] = process.argv.slice(2);
const { config, file, to, served } = JSON.parse(json);
const client = Builder.factory(config).getDriver();
const agent = new Agent();
const key = createPrivateKey(config.privateKey);

/** The hand-written minimum: sign with node:crypto, nothing else. */
function authorization(method, target, body) {
  const timestamp = Math.floor(Date.now() / 1000);
  const nonce = randomBytes(16).toString('hex');
  const signature = sign('sha256', Buffer.from(`${method}\n${target}\n${timestamp}\n${nonce}\n${body}\n`), key).toString('base64');
  return `WECHATPAY2-SHA256-RSA2048 mchid="${config.mchid}",serial_no="${config.serial}",timestamp="${timestamp}",nonce_str="${nonce}",signature="${signature}"`;
}

async function sha256Of(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

const variants = {
  // Downloads: the baseline streams the signed GET straight to disk, with no digest.
  async 'download-baseline'() {
    const url = new URL(served.download_url);
    const target = url.pathname + url.search;
    const response = await request(url, { dispatcher: agent, headers: { Authorization: authorization('GET', target, '') } });
    if (response.statusCode !== 200) throw new Error(`download refused: ${await response.body.text()}`);
    await pipeline(response.body, createWriteStream(to));
  },
  // For comparison: what buffering SDKs do, the whole file in memory before it is written.
  async 'download-buffered'() {
    const url = new URL(served.download_url);
    const response = await request(url, { dispatcher: agent, headers: { Authorization: authorization('GET', url.pathname + url.search, '') } });
    if (response.statusCode !== 200) throw new Error(`download refused: ${await response.body.text()}`);
    await writeFile(to, Buffer.from(await response.body.arrayBuffer()));
  },
  async 'download-async'() {
    await client.download(served, { to });
  },
  async 'download-sync'() {
    client.downloadSync(served, { to });
  },
  // Uploads: the baseline hashes by streaming, signs the meta and sends a file-backed Blob.
  async 'upload-baseline'() {
    const meta = JSON.stringify({ filename: 'video.mp4', sha256: await sha256Of(file) });
    const form = new FormData();
    form.append('meta', meta);
    form.append('file', await openAsBlob(file, { type: 'video/mp4' }), 'video.mp4');
    const url = new URL('v3/merchant/media/video_upload', config.baseURL);
    const response = await request(url, {
      method: 'POST',
      body: form,
      dispatcher: agent,
      headers: { Authorization: authorization('POST', url.pathname, meta) },
    });
    if (response.statusCode !== 200) throw new Error(`upload refused: ${await response.body.text()}`);
    await response.body.dump();
  },
  // For comparison: the file read whole, as most SDKs do.
  async 'upload-buffered'() {
    const bytes = await readFile(file);
    const meta = JSON.stringify({ filename: 'video.mp4', sha256: createHash('sha256').update(bytes).digest('hex') });
    const form = new FormData();
    form.append('meta', meta);
    form.append('file', new Blob([bytes], { type: 'video/mp4' }), 'video.mp4');
    const url = new URL('v3/merchant/media/video_upload', config.baseURL);
    const response = await request(url, {
      method: 'POST',
      body: form,
      dispatcher: agent,
      headers: { Authorization: authorization('POST', url.pathname, meta) },
    });
    if (response.statusCode !== 200) throw new Error(`upload refused: ${await response.body.text()}`);
    await response.body.dump();
  },
  async 'upload-async'() {
    await client.requestAsync('POST', 'v3/merchant/media/video_upload', { body: { file: { data: file, filename: 'video.mp4' } } });
  },
  async 'upload-sync'() {
    client.request('POST', 'v3/merchant/media/video_upload', { body: { file: { data: file, filename: 'video.mp4' } } });
  },
};

const run = variants[variant];
if (!run) throw new Error(`unknown variant ${variant}`);
const rssBefore = process.memoryUsage().rss;
let rssPeak = rssBefore;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}, 20);
const started = performance.now();
await run();
const ms = performance.now() - started;
clearInterval(sampler);
// maxRSS (KiB) covers moments between samples, and the synchronous variants, whose thread blocks the sampler.
rssPeak = Math.max(rssPeak, process.resourceUsage().maxRSS * 1024);
await client.close();
await agent.close();
process.stdout.write(`${JSON.stringify({ ms, rssBefore, rssPeak })}\n`);
