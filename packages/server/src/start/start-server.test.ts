import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, type ParleyConfigInput } from '@parley/core';
import { startServer } from './start-server.ts';

const tmp = mkdtempSync(join(tmpdir(), 'parley-start-server-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), lines };
}

function config(input: ParleyConfigInput = {}) {
  return parseConfig({ storage: { driver: 'memory' }, server: { port: 0 }, ...input }, {});
}

describe('startServer', () => {
  it('listens on a free port for port 0 and puts it in the derived publicUrl', async () => {
    const { logger } = capturingLogger();
    const server = await startServer({ config: config(), logger });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.config.server.publicUrl).toBe(server.url);
      const res = await fetch(`${server.url}/healthz`);
      expect(await res.json()).toEqual({ status: 'ok' });
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('keeps a configured publicUrl', async () => {
    const { logger } = capturingLogger();
    const server = await startServer({
      config: config({ server: { port: 0, publicUrl: 'https://chat.acme.example' } }),
      logger,
    });
    await server.close();
    expect(server.config.server.publicUrl).toBe('https://chat.acme.example');
  });

  it('warns once about workers > 1 and about allowInsecureIdpUrls', async () => {
    const { logger, lines } = capturingLogger();
    const server = await startServer({
      config: config({ server: { port: 0, workers: 4 }, security: { allowInsecureIdpUrls: true } }),
      logger,
    });
    await server.close();
    const warnings = lines.filter((l) => l.level === 40).map((l) => l.msg);
    expect(warnings.filter((m) => m.includes('server.workers'))).toHaveLength(1);
    expect(warnings.filter((m) => m.includes('allowInsecureIdpUrls'))).toHaveLength(1);
  });

  it('names the tls key of a file it cannot read', async () => {
    const { logger } = capturingLogger();
    const missing = join(tmp, 'missing.pem');
    const err = await startServer({
      config: config({ server: { port: 0, tls: { certFile: missing, keyFile: missing } } }),
      logger,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems[0]).toMatch(
      /^server\.tls\.certFile: cannot read .*missing\.pem \(ENOENT\)$/,
    );
  });

  it.skipIf(!existsSync('/usr/bin/openssl'))('serves HTTPS with server.tls', async () => {
    const certFile = join(tmp, 'cert.pem');
    const keyFile = join(tmp, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    const { logger } = capturingLogger();
    const server = await startServer({
      config: config({ server: { port: 0, tls: { certFile, keyFile } } }),
      logger,
    });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(server.config.server.publicUrl).toBe(server.url);
      const { request } = await import('node:https');
      const status = await new Promise<number | undefined>((resolve, reject) => {
        request(`${server.url}/healthz`, { rejectUnauthorized: false }, (res) => {
          res.resume();
          resolve(res.statusCode);
        })
          .on('error', reject)
          .end();
      });
      expect(status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
