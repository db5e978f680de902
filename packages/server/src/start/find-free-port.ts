import { createServer } from 'node:net';

/**
 * Asks the OS for a free TCP port on `host` (bind to port 0, read it, release it). Used for
 * `--port 0` so the configuration (and `publicUrl`) holds the real port before the app is
 * built. Another process could take the port in the short gap before `listen`; a start-up
 * that loses that race fails with EADDRINUSE rather than listening elsewhere.
 */
export function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen({ host, port: 0, exclusive: true }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port found'))));
    });
  });
}
