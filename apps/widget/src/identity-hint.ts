/**
 * `Parley.identify({ iss, sub })` (LivePerson `lpTag.identities`): a hint, never a credential.
 * Parley has no endpoint that looks a consumer up by a page-supplied identity (that would let
 * any page read anyone's conversation), so the hint is matched on the device only: when this
 * browser already holds a session that was signed in while the page announced the same
 * identity, the widget reconnects it and shows its open conversation minimized with an unread
 * badge. Only a SHA-256 of `iss` and `sub` is kept, beside the consumer id it belongs to.
 */
export interface IdentityHint {
  /** Links the last announced identity to the consumer that just signed in. */
  remember(consumerId: string): Promise<void>;
  /** Whether `identity` is the one remembered for `consumerId` (the device's stored session). */
  matches(identity: { iss: string; sub: string }, consumerId: string | undefined): Promise<boolean>;
  forget(): void;
}

/** Creates the hint store of one account (localStorage; memory when storage is blocked). */
export function createIdentityHint(account: string): IdentityHint {
  const key = `parley:${account}:widget:identity`;
  // a promise: a sign-in may finish while the announced identity is still being hashed
  let announced: Promise<string> | null = null;
  const memory = new Map<string, string>();
  const store = {
    get: (): string | null => {
      try {
        return localStorage.getItem(key);
      } catch {
        return memory.get(key) ?? null;
      }
    },
    set: (value: string | null) => {
      try {
        if (value === null) localStorage.removeItem(key);
        else localStorage.setItem(key, value);
      } catch {
        if (value === null) memory.delete(key);
        else memory.set(key, value);
      }
    },
  };
  return {
    async remember(consumerId) {
      if (announced !== null) store.set(JSON.stringify({ consumerId, identity: await announced }));
    },
    async matches(identity, consumerId) {
      announced = digest(identity);
      const hash = await announced;
      if (!consumerId) return false;
      const saved = parse(store.get());
      return saved?.consumerId === consumerId && saved.identity === hash;
    },
    forget() {
      announced = null;
      store.set(null);
    },
  };
}

async function digest({ iss, sub }: { iss: string; sub: string }): Promise<string> {
  const bytes = new TextEncoder().encode(`${iss}\u0000${sub}`);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
}

function parse(value: string | null): { consumerId: string; identity: string } | null {
  try {
    const parsed = value ? (JSON.parse(value) as unknown) : null;
    if (typeof parsed === 'object' && parsed !== null && 'consumerId' in parsed && 'identity' in parsed)
      return parsed as { consumerId: string; identity: string };
  } catch {
    // a damaged entry is ignored like a missing one
  }
  return null;
}
