/** After `session.expiring`, the renewal happens within this delay at the latest. */
const WARNING_RENEW_MS = 15_000;

/**
 * When to renew a session: `renewBeforeMs` before it expires, but never before half of its
 * remaining life (so a session shorter than `renewBeforeMs` is not renewed in a tight loop).
 *
 * @example
 * ```ts
 * renewalDelay(Date.parse(session.expiresAt), Date.now(), 60_000); // ms to wait
 * ```
 */
export function renewalDelay(expiresAtMs: number, nowMs: number, renewBeforeMs: number): number {
  const remaining = expiresAtMs - nowMs;
  return Math.max(0, remaining - renewBeforeMs, Math.floor(remaining / 2));
}

/** A single timer for "renew this session at ..." that a `session.expiring` frame can bring forward. */
export class RenewalTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private dueAt = Infinity;

  constructor(
    private readonly now: () => number,
    private readonly fire: () => void,
  ) {}

  schedule(delayMs: number): void {
    this.cancel();
    this.dueAt = this.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.dueAt = Infinity;
      this.fire();
    }, delayMs);
  }

  /** The server warned that the session ends soon: renew within {@link WARNING_RENEW_MS}. */
  warned(): void {
    if (this.dueAt - this.now() > WARNING_RENEW_MS) this.schedule(WARNING_RENEW_MS);
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.dueAt = Infinity;
  }
}
