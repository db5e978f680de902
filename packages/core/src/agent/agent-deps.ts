import type { Clock } from '../clock.ts';
import type { AgentDirectory, PasswordHasher } from './agent-directory.ts';
import type { AgentTokenSigner } from './agent-token-signer.ts';
import type { AgentSessionStore } from './agent-session-store.ts';

/** What agent login and agent session checks need. */
export interface AgentDeps {
  agents: AgentDirectory;
  passwords: PasswordHasher;
  signer: AgentTokenSigner;
  /** Revoked agent sessions (logout). */
  sessions: AgentSessionStore;
  clock: Clock;
  /** Agent session lifetime (default 8 h). */
  sessionSeconds?: number;
}

export const DEFAULT_AGENT_SESSION_SECONDS = 8 * 3600;
