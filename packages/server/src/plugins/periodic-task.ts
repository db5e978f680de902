import type { FastifyInstance } from 'fastify';

/**
 * Runs `task` every `intervalMs` for the life of `app`: the timer is `unref()`ed (it never keeps
 * the process alive) and cleared when the app closes; a run is skipped while the previous one is
 * still going; a failure is logged as `could not <what>` (error only, no data) and never crashes
 * the app. The one loop behind the session, audit and agent-revocation purges.
 */
export function runPeriodically(
  app: FastifyInstance,
  options: { intervalMs: number; what: string; task: () => Promise<void> },
): void {
  let running = false;
  const run = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await options.task();
    } catch (err) {
      app.log.error({ err }, `could not ${options.what}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), options.intervalMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
  });
}
