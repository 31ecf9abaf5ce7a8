// A small HTTP server on 127.0.0.1 that answers as the test asks, run in a worker thread so that synchronous calls
// (which block the test's thread) can reach it. Plain node:http and node:crypto, independent of the package.
//
//   GET /v3/script/answer?status=&body=&sign=   an answer signed with the platform key given in workerData; `sign`
//       is `valid` (default), `none`, `dup` (a second Wechatpay-Signature header), `junk` (bytes after the padding),
//       `bad` (a signature of other bytes) or `unpadded` (the padding left off).
//   GET /v3/script/big?bytes=&length=&status=&id=  `bytes` bytes of a JSON string, in 64 KiB chunks, unsigned;
//       `length=0` leaves out Content-Length (chunked). Each such answer is logged under `id`: how much was written and
//       whether the client closed the connection before the end. /v3/billdownload/file (an unsigned file) does the same.
//   GET /v3/script/slow?ms=                      a signed 200 after `ms` milliseconds.
//   POST /v3/script/echo                        a signed 200 whose body is the request's body, byte for byte, with two
//       Set-Cookie headers and X-Echo-Path (the path and query received), X-Echo-Type (the request's Content-Type) and X-Echo-Note
//       (its X-Note, if any).
//   GET /stats                                   { big: [...the log], hits: { path: count } }
import { randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { privateKey, serial } = workerData;
const big = [];
const hits = {};
const CHUNK = Buffer.alloc(64 * 1024, 'a');

function signature(timestamp, nonce, body) {
  return sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), privateKey).toString('base64');
}

function answer(res, query) {
  const status = Number(query.get('status') ?? 200);
  const body = query.get('body') ?? '{"ok":true}';
  const mode = query.get('sign') ?? 'valid';
  const headers = { 'Content-Type': 'application/json', 'Request-ID': 'SCRIPTED0000000000000000000000001' };
  if (mode !== 'none') {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const valid = signature(timestamp, nonce, body);
    const given = {
      valid,
      dup: [valid, 'junk'],
      junk: `${valid}AAAA`,
      bad: signature(timestamp, nonce, `${body} `),
      unpadded: valid.replace(/=+$/, ''),
    }[mode];
    Object.assign(headers, { 'Wechatpay-Timestamp': timestamp, 'Wechatpay-Nonce': nonce, 'Wechatpay-Serial': serial, 'Wechatpay-Signature': given });
  }
  res.writeHead(status, headers).end(body);
}

function echo(req, res) {
  const parts = [];
  req.on('data', (part) => parts.push(part));
  req.on('end', () => {
    const body = Buffer.concat(parts);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Set-Cookie', ['first=1', 'second=2']);
    res.setHeader('X-Echo-Path', req.url ?? '');
    res.setHeader('X-Echo-Type', req.headers['content-type'] ?? '');
    // Node reads header values as latin1: the bytes come back as they were sent.
    if (req.headers['x-note'] !== undefined) res.setHeader('X-Echo-Note', req.headers['x-note']);
    res.setHeader('Wechatpay-Timestamp', timestamp);
    res.setHeader('Wechatpay-Nonce', nonce);
    res.setHeader('Wechatpay-Serial', serial);
    res.setHeader(
      'Wechatpay-Signature',
      sign('sha256', Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), body, Buffer.from('\n')]), privateKey).toString('base64'),
    );
    res.writeHead(200).end(body);
  });
}

function stream(res, query) {
  const total = Number(query.get('bytes'));
  const entry = { id: query.get('id'), total, written: 0, finished: false, closedEarly: false };
  big.push(entry);
  const headers = { 'Content-Type': 'application/json' };
  if (query.get('length') !== '0') headers['Content-Length'] = String(total);
  res.writeHead(Number(query.get('status') ?? 200), headers);
  res.on('close', () => {
    if (!entry.finished) entry.closedEarly = true;
  });
  const pump = () => {
    while (entry.written < total && !res.destroyed) {
      const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, total - entry.written));
      entry.written += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (entry.written >= total && !res.destroyed) res.end(() => (entry.finished = true));
  };
  pump();
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  hits[url.pathname] = (hits[url.pathname] ?? 0) + 1;
  req.resume();
  if (url.pathname === '/stats') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ big, hits }));
  if (url.pathname === '/v3/script/answer') return answer(res, url.searchParams);
  if (url.pathname === '/v3/script/echo') return echo(req, res);
  if (url.pathname === '/v3/script/big' || url.pathname === '/v3/billdownload/file') return stream(res, url.searchParams);
  if (url.pathname === '/v3/script/slow') return void setTimeout(() => answer(res, url.searchParams), Number(url.searchParams.get('ms') ?? 0));
  res.writeHead(404).end();
});

server.listen(0, '127.0.0.1', () => parentPort.postMessage(`http://127.0.0.1:${server.address().port}/`));
