import { renderConfiguration } from './render-configuration.ts';
import { renderErrors } from './render-errors.ts';

/**
 * Every generated document, keyed by its path from the repository root.
 *
 * @example
 * ```ts
 * renderDocs()['docs/errors.md']; // '# Error catalogue ...'
 * ```
 */
export function renderDocs(): Record<string, string> {
  return {
    'docs/configuration.md': renderConfiguration(),
    'docs/errors.md': renderErrors(),
  };
}
