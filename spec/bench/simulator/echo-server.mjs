// The floor of a signed answer: a node:http server that verifies nothing and answers the request's body back,
// signed with RSA-SHA256 as WeChat Pay signs (`timestamp\nnonce\nbody\n`). Whatever the simulator costs above this
// is its checking, routing and answer building.
//
// As a worker thread (`new Worker(this file, { workerData: { serial, privateKey } })`) it posts `{ baseURL }` once
// listening and stops on 'close'; server-process.mjs imports `startEcho` to run it in a process of its own.
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

export async function startEcho({ serial, privateKey }) {
  const key = createPrivateKey(privateKey);
  let count = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length > 0 ? Buffer.concat(chunks) : Buffer.from('{}');
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(16).toString('hex');
      const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), body, Buffer.from('\n')]);
      count += 1;
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': body.length,
        'Request-ID': `${Date.now().toString(16).toUpperCase()}${String(count).padStart(21, '0')}`,
        'Wechatpay-Timestamp': timestamp,
        'Wechatpay-Nonce': nonce,
        'Wechatpay-Signature': sign('sha256', message, key).toString('base64'),
        'Wechatpay-Serial': serial,
      });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseURL: `http://127.0.0.1:${server.address().port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

if (!isMainThread && workerData?.echo) {
  const echo = await startEcho(workerData.echo);
  parentPort.on('message', async (message) => {
    if (message === 'close') {
      await echo.close();
      parentPort.close();
    }
  });
  parentPort.postMessage({ baseURL: echo.baseURL });
}
