/** Largest per-millisecond sequence (26 bits: 12 in `rand_a`, 14 in `rand_b`). */
const MAX_SEQUENCE = 2 ** 26 - 1;

const hex = (value: number, width: number): string => value.toString(16).padStart(width, '0');

/** 48 random bits as 12 hex digits: the last group of a v4 UUID (randomUUID is pooled, so cheap). */
const randomHex48 = (): string => globalThis.crypto.randomUUID().slice(24);

/**
 * A generator of UUIDv7 (RFC 9562) audit event ids: the event's epoch ms, then a sequence
 * that grows within one millisecond, then random bits. Stores page by (`at`, `id` in byte
 * order), so two events one process records in the same millisecond (a login and its
 * step-up) keep their order; across nodes the random part breaks such ties.
 *
 * @example
 * ```ts
 * const nextId = createAuditIdGenerator();
 * nextId(Date.now()); // '019abc12-3456-7000-8000-5f1c2a9b7e01'
 * ```
 */
export function createAuditIdGenerator(): (at: number) => string {
  let lastAt = -1;
  let sequence = 0;
  return (at) => {
    sequence = at === lastAt ? Math.min(sequence + 1, MAX_SEQUENCE) : 0;
    lastAt = at;
    const time = hex(at, 12);
    const randA = hex(7 * 0x1000 + (sequence >>> 14), 4); // version 7
    const randB = hex(0x8000 + (sequence & 0x3fff), 4); // variant 10
    return `${time.slice(0, 8)}-${time.slice(8)}-${randA}-${randB}-${randomHex48()}`;
  };
}
