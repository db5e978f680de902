import { configSchema, type ConnectorConfig, type ParleyConfig } from './schema.ts';
import { ConfigError } from './config-error.ts';
import { formatPath } from './format-path.ts';
import { interpolateEnv } from './interpolate-env.ts';
import { idpUrlProblem } from './idp-url-policy.ts';

const IDP_URL_KEYS = [
  'issuer',
  'discoveryUrl',
  'jwksUri',
  'authorizationEndpoint',
  'tokenEndpoint',
  'userinfoEndpoint',
] as const;

/**
 * Validates a raw (JSON-parsed) configuration once at boot: `${ENV}` interpolation, schema with
 * defaults, then the rules that span several fields. Throws a ConfigError listing every
 * problem as `path: reason`.
 */
export function parseConfig(raw: unknown, env: Record<string, string | undefined> = {}): ParleyConfig {
  const interpolated = interpolateEnv(raw ?? {}, env);
  const parsed = configSchema.safeParse(interpolated);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${formatPath(i.path)}: ${describeIssue(i)}`));
  }
  const config = parsed.data;
  const problems = crossFieldProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  const { host, port } = config.server;
  const publicUrl = (
    config.server.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  ).replace(/\/$/, '');
  return { ...config, server: { ...config.server, publicUrl } };
}

function describeIssue(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys)
    return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

function crossFieldProblems(config: Omit<ParleyConfig, 'server'> & { server: object }): string[] {
  const problems: string[] = [];
  const insecure = config.security.allowInsecureIdpUrls;
  const accountIds = new Set<string>();
  config.accounts.forEach((account, a) => {
    if (accountIds.has(account.id)) problems.push(`accounts[${a}].id: duplicate account id "${account.id}"`);
    accountIds.add(account.id);
    const connectorIds = new Set<string>();
    account.connectors.forEach((connector, c) => {
      const at = `accounts[${a}].connectors[${c}]`;
      if (connectorIds.has(connector.id)) problems.push(`${at}.id: duplicate connector id "${connector.id}"`);
      connectorIds.add(connector.id);
      problems.push(...connectorProblems(connector, at, insecure));
    });
  });
  config.agents.forEach((agent, i) => {
    if (!accountIds.has(agent.account))
      problems.push(`agents[${i}].account: unknown account "${agent.account}"`);
    if ((agent.password === undefined) === (agent.passwordHash === undefined)) {
      problems.push(`agents[${i}]: exactly one of "password" or "passwordHash" is required`);
    }
  });
  return problems;
}

function connectorProblems(connector: ConnectorConfig, at: string, insecure: boolean): string[] {
  const problems: string[] = [];
  for (const key of IDP_URL_KEYS) {
    const value = connector[key];
    const problem = value === undefined ? null : idpUrlProblem(value, insecure);
    if (problem) problems.push(`${at}.${key}: ${problem}`);
  }
  const usesHs = connector.allowedAlgorithms.some((alg) => alg.startsWith('HS'));
  if (usesHs && connector.sharedSecret === undefined) {
    problems.push(`${at}.allowedAlgorithms: HS256/384/512 need "sharedSecret"`);
  }
  const hasKeys =
    connector.publicKeys.length > 0 || connector.jwksUri || connector.discoveryUrl || connector.sharedSecret;
  if (!hasKeys)
    problems.push(`${at}: one of "publicKeys", "jwksUri", "discoveryUrl" or "sharedSecret" is required`);
  const exchanges = connector.flows.includes('code') || connector.flows.includes('pkce');
  if (exchanges && !connector.tokenEndpoint && !connector.discoveryUrl) {
    problems.push(`${at}: flows "code"/"pkce" need "tokenEndpoint" or "discoveryUrl"`);
  }
  if (connector.userinfo && !exchanges) {
    problems.push(
      `${at}.userinfo: needs flow "code" or "pkce" (UserInfo is read with the access token of a code exchange)`,
    );
  }
  const method = connector.tokenEndpointAuthMethod;
  if (exchanges && method.startsWith('client_secret') && connector.clientSecret === undefined) {
    problems.push(`${at}.clientSecret: required by tokenEndpointAuthMethod "${method}"`);
  }
  if (method === 'private_key_jwt' && connector.privateKey === undefined) {
    problems.push(`${at}.privateKey: required by tokenEndpointAuthMethod "private_key_jwt"`);
  }
  return problems;
}
