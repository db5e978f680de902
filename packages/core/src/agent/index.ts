// Agents: directory, password hashing port, agent session tokens (docs/protocol.md).
export {
  agentCredential,
  type AgentDirectory,
  type AgentRecord,
  type PasswordHasher,
} from './agent-directory.ts';
export {
  createAgentTokenSigner,
  type AgentTokenSigner,
  type AgentTokenClaims,
  type VerifiedAgentToken,
} from './agent-token-signer.ts';
export { DEFAULT_AGENT_SESSION_SECONDS, type AgentDeps } from './agent-deps.ts';
export { loginAgent, type AgentLogin } from './login-agent.ts';
export { verifyAgentSession, type AgentSession } from './verify-agent-session.ts';
export { logoutAgent } from './logout-agent.ts';
export type { AgentSessionStore, AgentSessionRevocation } from './agent-session-store.ts';
