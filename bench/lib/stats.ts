/** Median of the values (mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Relative spread (max - min) / median: above 0.15 a figure is marked noisy. */
export function spread(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length < 2) return 0;
  return (Math.max(...finite) - Math.min(...finite)) / Math.abs(median(finite));
}
