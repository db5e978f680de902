/**
 * `npx tsx bench/audit-insert.ts [events] [memory]`: the cost the audit log adds to a login — one
 * `consumer.login` insert through `createAuditLog` on a SQLite file (WAL, as `npm start`
 * runs) — beside its baseline measured in the same run: the session insert every login
 * already does. Medians of 5 runs of `events` (default 20000) sequential awaited writes.
 * `memory` runs on `:memory:` instead: CPU cost only, without the file I/O (and its noise).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditIdGenerator, createAuditLog, systemClock, type AuditEvent } from '@parley/core';
import { openSqliteStores, type SqliteStores } from '@parley/storage';
import { median, spread } from './lib/stats.ts';

const count = Number(process.argv[2] ?? 20_000);

async function timeMicros(run: (i: number) => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await run(i);
  return Number(process.hrtime.bigint() - start) / 1000 / count;
}

type Run = { audit: number; store: number; session: number };

async function oneRun(stores: SqliteStores, round: number): Promise<Run> {
  const audit = createAuditLog({
    store: stores.audit,
    clock: systemClock,
    onError: (err) => console.error(err),
  });
  const now = Date.now();
  const session = await timeMicros((i) =>
    stores.sessions.create({
      id: `s-${round}-${i}`,
      accountId: 'acme',
      consumerId: `c-${i}`,
      authenticated: true,
      connectorId: 'main',
      brandSid: null,
      brandSub: null,
      createdAt: now,
      expiresAt: now + 3_600_000,
      revokedAt: null,
    }),
  );
  const auditMicros = await timeMicros((i) =>
    audit.record({
      accountId: 'acme',
      type: 'consumer.login',
      consumerId: `c-${i}`,
      sessionId: `s-${round}-${i}`,
      connectorId: 'main',
      flow: 'implicit',
    }),
  );
  const nextId = createAuditIdGenerator();
  const events: AuditEvent[] = Array.from({ length: count }, (_, i) => ({
    id: nextId(Date.now()),
    accountId: 'acme',
    at: Date.now(),
    type: 'consumer.login',
    consumerId: `c-${i}`,
    sessionId: `s-${round}-${i}`,
    connectorId: 'main',
    flow: 'implicit',
  }));
  const store = await timeMicros((i) => stores.audit.record(events[i]!));
  return { audit: auditMicros, store, session };
}

const dir = mkdtempSync(join(tmpdir(), 'parley-audit-bench-'));
const inMemory = process.argv[3] === 'memory';
const stores = openSqliteStores({ path: inMemory ? ':memory:' : join(dir, 'bench.db') });
try {
  const runs: Run[] = [];
  for (let round = 0; round < 5; round++) runs.push(await oneRun(stores, round));
  const figure = (key: keyof Run) => runs.map((r) => r[key]);
  // the minimum too: on a loaded machine it is the closest to the cost itself
  const fmt = (v: number[]) =>
    `${median(v).toFixed(1)} µs (min ${Math.min(...v).toFixed(1)}, spread ${(spread(v) * 100).toFixed(0)} %)`;
  console.log(`SQLite ${inMemory ? ':memory:' : 'file (WAL)'}, ${count} sequential writes x 5 runs, medians`);
  console.log(`  audit.record (id, time, insert; what a login pays): ${fmt(figure('audit'))}`);
  console.log(`  of which the store insert alone (stores.audit):     ${fmt(figure('store'))}`);
  console.log(`  baseline, session insert (sessions.create):         ${fmt(figure('session'))}`);
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, ${cpus().length} cores`,
  );
} finally {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
}
