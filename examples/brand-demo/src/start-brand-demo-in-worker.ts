import { Worker } from 'node:worker_threads';
import type { BrandDemo, BrandDemoOptions } from './start-brand-demo.ts';

type FromWorker =
  | { type: 'ready'; demo: Omit<BrandDemo, 'close'> }
  | { type: 'failed'; code?: string; message: string }
  | { type: 'closed'; error?: string };

/**
 * {@link startBrandDemo} on its own thread: loading oidc-provider costs about as much CPU as
 * loading Parley, so running the brand beside Parley keeps `npm start` fast on a multi-core
 * machine. Same options and result; a start failure rejects with the same `code` (e.g.
 * `EADDRINUSE`).
 *
 * @example
 * ```ts
 * const brand = await startBrandDemoInWorker({ port: 8081, redirectUri, parley });
 * await brand.close();
 * ```
 */
export async function startBrandDemoInWorker(options: BrandDemoOptions): Promise<BrandDemo> {
  const worker = new Worker(new URL('./brand-demo-worker.mjs', import.meta.url), { workerData: options });
  const first = await new Promise<FromWorker>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the demo brand thread exited (${code}) before it started`)),
    );
  });
  worker.removeAllListeners();
  // after start-up a failure of the brand must not take Parley down: report it
  worker.on('error', (err) => process.stderr.write(`demo brand failed: ${err.stack ?? String(err)}\n`));
  if (first.type !== 'ready') {
    await worker.terminate();
    const message = first.type === 'failed' ? first.message : 'the demo brand closed before it started';
    throw Object.assign(new Error(message), first.type === 'failed' ? { code: first.code } : {});
  }
  return { ...first.demo, close: () => closeWorker(worker) };
}

async function closeWorker(worker: Worker): Promise<void> {
  const closed = new Promise<FromWorker>((resolve) => worker.once('message', resolve));
  worker.postMessage('close');
  const reply = await Promise.race([closed, new Promise<null>((r) => worker.once('exit', () => r(null)))]);
  await worker.terminate();
  if (reply?.type === 'closed' && reply.error !== undefined) throw new Error(reply.error);
}
