/**
 * The `p`-th percentile of `values` by the nearest-rank method: sort ascending and take the value
 * at 1-based rank `ceil(p / 100 × n)` (rank 1 for p = 0). Always one of the inputs, never an
 * interpolation. Source: https://en.wikipedia.org/wiki/Percentile#The_nearest-rank_method
 *
 * @param p percentile in [0, 100].
 * @returns `null` for no values.
 * @throws RangeError when `p` is outside [0, 100].
 * @example percentile([15, 20, 35, 40, 50], 40) // 20 (rank ceil(2) = 2)
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** How {@link percentile} is computed, for reports. */
export const PERCENTILE_METHOD = "nearest rank: the value at 1-based rank ceil(p/100 × n) of the sorted values";

/** Arithmetic mean of `values`; `null` for none. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Largest of `values`; `null` for none. */
export function maximum(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let best = -Infinity;
  for (const value of values) if (value > best) best = value;
  return best;
}
