import * as client from 'openid-client';
import { importJWK, type CryptoKey } from 'jose';
import {
  JWE_CONTENT_ALGORITHMS,
  ensureAccountKeys,
  type Clock,
  type ConnectorConfig,
  type KeyStore,
} from '@parley/core';
import { loadClientPrivateKey } from './load-client-private-key.ts';

/** What {@link buildOpenidConfiguration} needs for one (account, connector). */
export interface OpenidConfigurationInput {
  accountId: string;
  connector: ConnectorConfig;
  /** The resolved token endpoint (config, else discovery). */
  tokenEndpoint: string;
  /** Guarded, timed, no-redirect fetch for this connector. */
  fetch: client.CustomFetch;
  /** `security.allowInsecureIdpUrls`. */
  allowInsecureIdpUrls: boolean;
  /** Where the account's encryption keys live (the ones Parley publishes and decrypts with). */
  keyStore: KeyStore;
  clock: Clock;
}

/**
 * The openid-client `Configuration` of one connector of one account: server metadata
 * `{issuer, token_endpoint}`, the connector's client authentication, its allowed JWS
 * algorithms and clock tolerance, Parley's fetch, and, unless the connector's `encryption` is
 * `disabled`, the account's private encryption keys (RSA-OAEP-256, ECDH-ES P-256) so that a
 * JWE id_token from the token endpoint is decrypted with the same keys as the implicit flow.
 *
 * @throws TypeError when the connector's client authentication lacks its secret or key.
 * @example
 * ```ts
 * const config = await buildOpenidConfiguration({ accountId, connector, tokenEndpoint, fetch, ... });
 * const tokens = await client.genericGrantRequest(config, 'authorization_code', params);
 * ```
 */
export async function buildOpenidConfiguration(
  input: OpenidConfigurationInput,
): Promise<client.Configuration> {
  const { connector } = input;
  const config = new client.Configuration(
    {
      issuer: connector.issuer,
      token_endpoint: input.tokenEndpoint,
      id_token_signing_alg_values_supported: [...connector.allowedAlgorithms],
    },
    connector.clientId,
    { [client.clockTolerance]: connector.clockToleranceSeconds },
    await clientAuth(connector),
  );
  config[client.customFetch] = input.fetch;
  // openid-client aborts its requests after 30 s by default; idpTimeoutMs (up to 120 s) rules
  config.timeout = Math.ceil(connector.idpTimeoutMs / 1000);
  if (input.allowInsecureIdpUrls) client.allowInsecureRequests(config);
  if (connector.encryption !== 'disabled') {
    client.enableDecryptingResponses(
      config,
      [...JWE_CONTENT_ALGORITHMS],
      ...(await accountDecryptionKeys(input.keyStore, input.accountId, input.clock)),
    );
  }
  return config;
}

async function clientAuth(connector: ConnectorConfig): Promise<client.ClientAuth> {
  switch (connector.tokenEndpointAuthMethod) {
    case 'client_secret_basic':
      return client.ClientSecretBasic(clientSecretOf(connector));
    case 'client_secret_post':
      return client.ClientSecretPost(clientSecretOf(connector));
    case 'private_key_jwt': {
      const { key, kid } = await loadClientPrivateKey(connector);
      return client.PrivateKeyJwt({ key, kid });
    }
    case 'none':
      return client.None();
  }
}

function clientSecretOf(connector: ConnectorConfig): string {
  if (connector.clientSecret === undefined) {
    throw new TypeError(
      `connector ${connector.id}: ${connector.tokenEndpointAuthMethod} needs "clientSecret"`,
    );
  }
  return connector.clientSecret;
}

/** The account's private encryption keys as CryptoKeys, each with its `kid` and JWE `alg`. */
async function accountDecryptionKeys(
  keyStore: KeyStore,
  accountId: string,
  clock: Clock,
): Promise<client.DecryptionKey[]> {
  const stored = await ensureAccountKeys(keyStore, accountId, clock);
  return Promise.all(
    stored.map(async (k) => ({
      key: (await importJWK(k.privateJwk, k.alg)) as CryptoKey,
      kid: k.id,
      alg: k.alg,
    })),
  );
}
