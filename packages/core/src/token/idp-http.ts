/**
 * Port: how core reaches a brand IdP (discovery, JWKS). The server's implementation enforces
 * the IdP URL policy on resolved addresses and the timeout; any network failure, timeout or
 * non-2xx answer is thrown as `ParleyError('IDP_UNAVAILABLE')`.
 */
export interface IdpHttp {
  getJson(url: string, options: { timeoutMs: number }): Promise<unknown>;
}
