import { describe, expect, it } from 'vitest';
import type { ConnectorConfig } from '../config/schema.ts';
import { ParleyError } from '../errors.ts';
import { TEST_CLIENT_ID, TEST_ISSUER, testAccount, testConnector } from '../testing/index.ts';
import { createAccountConnectors } from './account-connectors.ts';

const connectorsOf = (...connectors: ConnectorConfig[]) => createAccountConnectors(testAccount(connectors));

/** The error `run` throws, as `{ code, message }`. */
function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof ParleyError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a ParleyError');
}

const a = testConnector({ id: 'a', issuer: 'https://a.example', flows: ['implicit'] });
const b = testConnector({ id: 'b', issuer: 'https://b.example', flows: ['code', 'pkce'] });

describe('a connector by id', () => {
  it('finds the connector of an id and nothing for an unknown one', () => {
    const connectors = connectorsOf(a, b);
    expect(connectors.findById('b')?.id).toBe(b.id);
    expect(connectors.findById('zzz')).toBeUndefined();
    expect(connectors.connectorById('a').id).toBe(a.id);
  });

  it('refuses an unknown id with CONNECTOR_NOT_FOUND and the message of the caller', () => {
    const connectors = connectorsOf(a);
    expect(failure(() => connectors.connectorById('zzz'))).toEqual({
      code: 'CONNECTOR_NOT_FOUND',
      message: 'unknown connector',
    });
    expect(failure(() => connectors.connectorById('zzz', 'gone'))).toEqual({
      code: 'CONNECTOR_NOT_FOUND',
      message: 'gone',
    });
  });
});

describe('the connector of a token', () => {
  it('takes the named connector, whatever the iss, and refuses an unknown id', () => {
    const connectors = connectorsOf(a, b);
    expect(connectors.connectorForToken({ iss: 'https://a.example' }, 'b').id).toBe(b.id);
    expect(failure(() => connectors.connectorForToken({ iss: 'https://a.example' }, 'zzz'))).toEqual({
      code: 'CONNECTOR_NOT_FOUND',
      message: 'unknown connector id',
    });
  });

  it('routes by iss', () => {
    const connectors = connectorsOf(a, b);
    expect(connectors.connectorForToken({ iss: 'https://b.example' }).id).toBe(b.id);
    expect(connectors.connectorForToken({ iss: 'https://a.example' }).id).toBe(a.id);
  });

  it('prefers the connector whose clientId is in aud when several share the iss, else the first', () => {
    const web = testConnector({ id: 'web', clientId: 'web-client' });
    const app = testConnector({ id: 'app', clientId: TEST_CLIENT_ID });
    const connectors = connectorsOf(web, app);
    expect(connectors.connectorForToken({ iss: TEST_ISSUER, aud: TEST_CLIENT_ID }).id).toBe(app.id);
    expect(connectors.connectorForToken({ iss: TEST_ISSUER, aud: ['x', 'web-client'] }).id).toBe(web.id);
    expect(connectors.connectorForToken({ iss: TEST_ISSUER, aud: 'other' }).id).toBe(web.id);
  });

  it('falls back to the only connector, whose claim check then reports the iss', () => {
    expect(connectorsOf(a).connectorForToken({ iss: 'https://elsewhere.example' }).id).toBe(a.id);
  });

  it('refuses an iss no connector has when there are several, naming their issuers', () => {
    expect(failure(() => connectorsOf(a, b).connectorForToken({ iss: 'https://c.example' }))).toEqual({
      code: 'TOKEN_ISSUER_MISMATCH',
      message:
        'no connector of the account has the token "iss" (connector issuers: "a": "https://a.example", "b": "https://b.example")',
    });
  });

  it('refuses a token for an account without connectors', () => {
    expect(failure(() => connectorsOf().connectorForToken({ iss: TEST_ISSUER }))).toEqual({
      code: 'CONNECTOR_NOT_FOUND',
      message: 'the account has no connector',
    });
  });
});

describe('the connector of a code-based request', () => {
  it('takes the named connector, even one without the flows, and refuses an unknown id', () => {
    const connectors = connectorsOf(a, b);
    expect(connectors.connectorForFlows(['pkce'], 'a').id).toBe(a.id);
    expect(failure(() => connectors.connectorForFlows(['pkce'], 'zzz'))).toEqual({
      code: 'CONNECTOR_NOT_FOUND',
      message: 'unknown connector',
    });
  });

  it('takes the first connector enabling one of the flows', () => {
    const pkceOnly = testConnector({ id: 'p', flows: ['pkce'] });
    expect(connectorsOf(a, b, pkceOnly).connectorForFlows(['pkce']).id).toBe(b.id);
    expect(connectorsOf(a, pkceOnly, b).connectorForFlows(['code', 'pkce']).id).toBe(pkceOnly.id);
  });

  it('falls back to the first connector when none enables the flows (its flow check refuses)', () => {
    const implicitToo = testConnector({ id: 'i', flows: ['implicit'] });
    expect(connectorsOf(a, implicitToo).connectorForFlows(['code', 'pkce']).id).toBe(a.id);
  });

  it('refuses a request for an account without connectors', () => {
    expect(failure(() => connectorsOf().connectorForFlows(['code']))).toEqual({
      code: 'CONNECTOR_NOT_FOUND',
      message: 'the account has no connector',
    });
  });
});

describe('the connector of a consumer issuer', () => {
  it('is the first connector of that issuer, and none for an anonymous or unknown issuer', () => {
    const second = testConnector({ id: 'a2', issuer: 'https://a.example' });
    const connectors = connectorsOf(a, second, b);
    expect(connectors.connectorForIssuer('https://a.example')?.id).toBe(a.id);
    expect(connectors.connectorForIssuer('https://b.example')?.id).toBe(b.id);
    expect(connectors.connectorForIssuer(null)).toBeUndefined();
    expect(connectors.connectorForIssuer('https://c.example')).toBeUndefined();
  });
});
