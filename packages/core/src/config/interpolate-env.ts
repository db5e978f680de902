import { ConfigError } from './config-error.ts';
import { formatPath } from './format-path.ts';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` references in every string of a parsed JSON config with the environment
 * value, so secrets stay out of config files. A missing variable is an error naming its path.
 *
 * @example
 * ```ts
 * interpolateEnv({ adminApiKey: '${KEY}' }, { KEY: 's3cret...' }); // { adminApiKey: 's3cret...' }
 * ```
 */
export function interpolateEnv(value: unknown, env: Record<string, string | undefined>): unknown {
  const problems: string[] = [];
  const walk = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === 'string') {
      return node.replace(REFERENCE, (_match, name: string) => {
        const found = env[name];
        if (found === undefined)
          problems.push(`${formatPath(path)}: environment variable ${name} is not set`);
        return found ?? '';
      });
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    return node;
  };
  const result = walk(value, []);
  if (problems.length > 0) throw new ConfigError(problems);
  return result;
}
