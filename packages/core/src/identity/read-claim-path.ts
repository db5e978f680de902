/**
 * Reads a dotted path (`billing.plan`) from a claims object. Own properties only, so a path
 * like `__proto__.x` can never reach the prototype chain.
 *
 * @example
 * ```ts
 * readClaimPath({ billing: { plan: 'gold' } }, 'billing.plan'); // 'gold'
 * ```
 */
export function readClaimPath(claims: Record<string, unknown>, path: string): unknown {
  let node: unknown = claims;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) {
      return undefined;
    }
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
