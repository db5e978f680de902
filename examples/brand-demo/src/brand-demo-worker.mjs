// Worker-thread entry of the demo brand (see start-brand-demo-in-worker.ts). Plain JavaScript
// because a worker thread does not inherit its parent's TypeScript loader: it registers tsx
// itself, then starts the TypeScript brand and answers one "close" message.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// oidc-provider (hundreds of modules) loads before tsx's hooks exist: through them every module
// would cost a round trip to the hooks thread
await import('oidc-provider');
register();
const { startBrandDemo } = await import('./start-brand-demo.ts');

try {
  const { close, ...demo } = await startBrandDemo(workerData);
  parentPort.postMessage({ type: 'ready', demo });
  parentPort.once('message', () => {
    close().then(
      () => parentPort.postMessage({ type: 'closed' }),
      (err) => parentPort.postMessage({ type: 'closed', error: String(err) }),
    );
  });
} catch (err) {
  parentPort.postMessage({ type: 'failed', code: err?.code, message: String(err?.message ?? err) });
}
