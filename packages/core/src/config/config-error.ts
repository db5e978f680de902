/**
 * Configuration is invalid. `problems` are lines of the form `path: reason`. This is a start-up
 * error, not a request error, so it is not a ParleyError.
 */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
