import { describe, expect, it } from 'vitest';
import { parleyFailure } from '../testing/parley-failure.ts';
import { readTokenResponse } from './read-token-response.ts';

const ORIGIN = 'https://login.brand.example';
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const failure = (response: Response) => parleyFailure(readTokenResponse(response, ORIGIN));

describe('readTokenResponse', () => {
  it('returns the raw id_token, a JWS or a JWE alike, without reading it', async () => {
    expect(await readTokenResponse(json({ id_token: 'a.b.c', access_token: 'x' }), ORIGIN)).toBe('a.b.c');
    expect(await readTokenResponse(json({ id_token: 'a.b.c.d.e' }), ORIGIN)).toBe('a.b.c.d.e');
  });

  it('maps an OAuth error answer to CODE_EXCHANGE_FAILED, the RFC error only in the private cause', async () => {
    const refused = await failure(json({ error: 'invalid_grant', error_description: 'code xyz123' }, 400));
    expect(refused).toMatchObject({ code: 'CODE_EXCHANGE_FAILED', cause: 'invalid_grant (HTTP 400)' });
    expect(refused.message).not.toContain('xyz123');
  });

  it('maps a 5xx to IDP_UNAVAILABLE', async () => {
    expect((await failure(new Response('down', { status: 503 }))).code).toBe('IDP_UNAVAILABLE');
  });

  it('refuses a 200 without an id_token, with a non-string one, or with a body that is not a JSON object', async () => {
    for (const response of [
      json({ access_token: 'x' }),
      json({ id_token: 42 }),
      json({ id_token: '' }),
      json(['id_token']),
      new Response('<html>', { status: 200 }),
    ]) {
      expect((await failure(response)).code).toBe('CODE_EXCHANGE_FAILED');
    }
  });

  it('refuses a non-200 success status or an error answer that is not JSON', async () => {
    expect(await failure(json({ id_token: 'a.b.c' }, 201))).toMatchObject({
      code: 'CODE_EXCHANGE_FAILED',
      cause: 'invalid_response (HTTP 201)',
    });
    expect((await failure(new Response('nope', { status: 401 }))).cause).toBe('invalid_response (HTTP 401)');
  });
});
