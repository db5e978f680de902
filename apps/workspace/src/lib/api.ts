import type {
  AgentConsumerConversationsResponse,
  AgentConversationListResponse,
  AgentLoginResponse,
  TranscriptResponse,
} from '@parley/protocol';

/** A problem+json answer (the `code` is from Parley's error catalogue). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

/** Parley's REST API for one account, as the signed-in agent (or before sign-in). */
export class Api {
  constructor(
    readonly account: string,
    private readonly token: string | null = null,
  ) {}

  withToken(token: string): Api {
    return new Api(this.account, token);
  }

  private url(path: string): string {
    return `/v1/accounts/${encodeURIComponent(this.account)}${path}`;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(this.url(path), {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status === 204) return undefined as T;
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw new ApiError(res.status, typeof json.code === 'string' ? json.code : 'INTERNAL_ERROR');
    return json as T;
  }

  login(email: string, password: string): Promise<AgentLoginResponse> {
    return this.request('POST', '/agents/login', { email, password });
  }

  logout(): Promise<void> {
    return this.request('POST', '/agents/logout');
  }

  conversations(query: string): Promise<AgentConversationListResponse> {
    return this.request('GET', `/agent/conversations?${query}`);
  }

  transcript(conversationId: string): Promise<TranscriptResponse> {
    return this.request('GET', `/agent/conversations/${encodeURIComponent(conversationId)}/messages`);
  }

  history(consumerId: string, before?: string): Promise<AgentConsumerConversationsResponse> {
    const query = new URLSearchParams({ limit: '10', ...(before ? { before } : {}) });
    return this.request('GET', `/agent/consumers/${encodeURIComponent(consumerId)}/conversations?${query}`);
  }
}

/** What a failed sign-in says to the agent (never more than the catalogue code tells). */
export function signInError(err: unknown): string {
  if (err instanceof ApiError && err.code === 'AGENT_CREDENTIALS_INVALID') return 'Wrong email or password.';
  if (err instanceof ApiError && err.code === 'ACCOUNT_NOT_FOUND') return 'This account does not exist.';
  if (err instanceof ApiError && err.code === 'RATE_LIMITED') return 'Too many attempts: wait a minute.';
  return 'Could not sign in. Check your connection and try again.';
}
