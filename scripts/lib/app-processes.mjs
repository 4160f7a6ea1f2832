// Starts the built API and worker as child processes and waits until the API answers /health.
import net from 'node:net';
import { APP_NODE_FLAGS } from './node-flags.mjs';
import { startChild, stopChild, waitFor } from './shell.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startApp(root, env, { silent = false } = {}) {
  const childEnv = { ...process.env, ...env };
  const api = startChild('api   ', 'node', [...APP_NODE_FLAGS, `${root}/apps/api/dist/main.js`], {
    env: childEnv,
    silent,
  });
  const worker = startChild('worker', 'node', [...APP_NODE_FLAGS, `${root}/apps/worker/dist/main.js`], {
    env: childEnv,
    silent,
  });
  const baseUrl = `http://127.0.0.1:${env.PORT}`;
  const exited = new Promise((resolve) => {
    api.once('exit', (code) => resolve(`api exited with ${code}`));
    worker.once('exit', (code) => resolve(`worker exited with ${code}`));
  });
  let early = null;
  exited.then((why) => (early = why));
  await waitFor(
    'the API to answer /health',
    async () => {
      if (early) throw new Error(early);
      return fetch(`${baseUrl}/health`).then(
        (r) => r.ok,
        () => false,
      );
    },
    90_000,
  );
  return {
    baseUrl,
    api,
    worker,
    exited,
    stop: () => Promise.all([stopChild(api), stopChild(worker)]),
  };
}
