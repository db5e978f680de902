import type { ReplayCache } from '../token/replay-cache.ts';
import type { CodeExchanger } from './code-exchanger.ts';
import type { IdpEndpointResolver } from './create-idp-endpoint-resolver.ts';
import type { IdTokenVerifierLike, LoginDeps } from './login-deps.ts';
import type { AnonymousRefStore } from './anonymous-ref-store.ts';
import type { PkceStore } from './pkce-store.ts';
import type { StateStore } from './state-store.ts';

/** What the code, PKCE and popup flows need on top of {@link LoginDeps}. */
export interface CodeFlowDeps extends LoginDeps {
  verifier: IdTokenVerifierLike;
  replay: ReplayCache;
  pkce: PkceStore;
  states: StateStore;
  /** Popup step-up references (`POST /authorize/anonymous-ref`). */
  anonymousRefs: AnonymousRefStore;
  exchanger: CodeExchanger;
  endpoints: IdpEndpointResolver;
}
