// A small HTTP server on 127.0.0.1 for the retry specs, run in a worker thread so that synchronous calls (which block
// the test's thread) can reach it. Plain node:http and node:crypto, independent of the package. It logs every
// request (method, path, Host, Authorization, body, arrival time) and answers from a plan per path, then with a
// signed 200. Driven by messages from the test's thread:
//
//   { id, cmd: 'plan', path, answers: [{ status, retryAfter?, code?, sign?: 'valid' | 'bad', hang?: true, reset?: true }] }
//       (`reset` drops the connection once the request has arrived whole)
//   { id, cmd: 'log' }    the requests so far          { id, cmd: 'clear' }   forget the log and the plans
//   { id, cmd: 'down' }   stop listening (connections refused) and drop open sockets
//   { id, cmd: 'up' }     listen again on the same port
//
// APIv3 answers are signed with the platform key given in workerData; an APIv2 path (not under /v3/) gets an
// `<xml>` SUCCESS signed with MD5 and the APIv2 key given.
import { createHash, randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { privateKey, serial, v2Key } = workerData;
let log = [];
let plans = new Map();
const sockets = new Set();

function v3Answer(res, status, body, mode, extra) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const signed = mode === 'bad' ? `${body} ` : body;
  const signature = sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${signed}\n`), privateKey).toString('base64');
  res
    .writeHead(status, {
      'Content-Type': 'application/json',
      'Request-ID': `RETRY-${log.length}`,
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Serial': serial,
      'Wechatpay-Signature': signature,
      ...extra,
    })
    .end(body);
}

function v2Answer(res, status, extra) {
  const payload = { return_code: 'SUCCESS', return_msg: 'OK', nonce_str: 'answerNonce', result_code: 'SUCCESS' };
  const text = `${Object.keys(payload)
    .sort()
    .map((name) => `${name}=${payload[name]}`)
    .join('&')}&key=${v2Key}`;
  payload.sign = createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
  const xml = `<xml>${Object.entries(payload)
    .map(([name, value]) => `<${name}>${value}</${name}>`)
    .join('')}</xml>`;
  res.writeHead(status, { 'Content-Type': 'text/xml', ...extra }).end(status === 200 ? xml : 'busy');
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    log.push({
      method: req.method,
      path: url.pathname,
      host: req.headers.host,
      authorization: req.headers.authorization ?? null,
      body: Buffer.concat(chunks).toString('utf8'),
      at: performance.timeOrigin + performance.now(),
    });
    const plan = plans.get(url.pathname) ?? [];
    const step = plan.shift() ?? { status: 200 };
    if (step.hang) return;
    if (step.reset) return void req.socket.destroy();
    const extra = step.retryAfter === undefined ? {} : { 'Retry-After': String(step.retryAfter) };
    if (!url.pathname.startsWith('/v3/')) return v2Answer(res, step.status, extra);
    const body = step.status === 200 ? '{"ok":true}' : JSON.stringify({ code: step.code ?? 'SYSTEM_ERROR', message: 'scripted' });
    v3Answer(res, step.status, body, step.sign ?? 'valid', extra);
  });
});
server.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});

let port = 0;
function listen() {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve((port = server.address().port))));
}

parentPort.on('message', async ({ id, cmd, path, answers }) => {
  let result = null;
  if (cmd === 'plan') plans.set(path, [...answers]);
  else if (cmd === 'log') result = log;
  else if (cmd === 'clear') {
    log = [];
    plans = new Map();
  } else if (cmd === 'down') {
    await new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  } else if (cmd === 'up') await listen();
  parentPort.postMessage({ id, result });
});

listen().then((listening) => parentPort.postMessage({ ready: `http://127.0.0.1:${listening}/` }));
