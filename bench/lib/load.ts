import autocannon from 'autocannon';

/** What one load run measured (only 2xx responses count as throughput and latency). */
export interface LoadResult {
  /** 2xx responses per second over the run. */
  rps: number;
  ok: number;
  failed: number;
  /** Status codes of the failures (e.g. `{ "401": 3 }`), to spot replays or exhausted pools. */
  failures: Record<string, number>;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  /** Bodies used (tokens consumed from the pool). */
  used: number;
}

/** The `max` of scenarios that drive no HTTP load (sockets, fan-out, code flow). */
export const NO_LOAD: LoadResult = {
  rps: NaN,
  ok: 0,
  failed: 0,
  failures: {},
  seconds: 0,
  p50Ms: NaN,
  p99Ms: NaN,
  used: 0,
};

export interface LoadOptions {
  url: string;
  /** Request bodies, each used once (single-use tokens); the run stops early when they run out. */
  bodies: string[];
  seconds: number;
  connections?: number;
  /** Requests per second over all connections (fixed-rate run); default: as fast as possible. */
  rate?: number;
}

/**
 * Drives `POST url` with autocannon's programmatic API, one pre-built JSON body per request.
 * Latency percentiles come from the per-response times (sub-millisecond resolution).
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let ok = 0;
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    // autocannon builds the first requests inside its constructor, before `instance` exists.
    let instance: autocannon.Instance | undefined = undefined;
    instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        connections: options.connections ?? 64,
        duration: options.seconds,
        ...(options.rate ? { overallRate: options.rate } : {}),
        requests: [
          {
            setupRequest: (request) => {
              const body = options.bodies[next++];
              if (body === undefined) {
                // pool exhausted: every token is single-use, so stop rather than replay one
                setImmediate(() => instance?.stop());
                return request;
              }
              return { ...request, body };
            },
          },
        ],
      },
      (err) => {
        if (err) return reject(err);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        latencies.sort((a, b) => a - b);
        const failed = Object.values(failures).reduce((a, b) => a + b, 0);
        resolve({
          rps: ok / seconds,
          ok,
          failed,
          failures,
          seconds,
          p50Ms: percentile(latencies, 0.5),
          p99Ms: percentile(latencies, 0.99),
          used: Math.min(next, options.bodies.length),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) {
        ok++;
        latencies.push(responseTime);
      } else {
        failures[statusCode] = (failures[statusCode] ?? 0) + 1;
      }
    });
  });
}

/** The `q` quantile of ascending `sorted` (nearest rank). */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
