export * from './schema.ts';
export { parseConfig } from './parse-config.ts';
export { ConfigError } from './config-error.ts';
export { interpolateEnv } from './interpolate-env.ts';
export { isPrivateAddress, idpUrlProblem } from './idp-url-policy.ts';
