import type { StoredMemoryItem, StoreSearchHit } from "../store/memory-store";
import { withoutVector } from "../util/without-vector";
import { compareTies } from "../util/compare-ties";

/**
 * Exact cosine search over items in memory, like the store's `vectorSearch`: the `limit` items
 * that pass `keep` closest to `vector`, best first, `score` the cosine distance (0 to 2, lower is
 * closer). Each stored vector's norm is computed once and kept with the vector.
 */
export function searchItemsByVector(items: readonly StoredMemoryItem[], vector: readonly number[], options: { limit: number; keep: (item: StoredMemoryItem) => boolean }): StoreSearchHit[] {
  const queryNorm = Math.sqrt(dot(vector, vector));
  const nonZero = nonZeroIndices(vector);
  const scored: { stored: StoredMemoryItem; distance: number }[] = [];
  for (const stored of items) {
    if (!options.keep(stored)) continue;
    const norm = vectorNorm(stored.vector);
    const distance = queryNorm === 0 || norm === 0 ? 1 : 1 - dotAt(nonZero, vector, stored.vector) / (queryNorm * norm);
    scored.push({ stored, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || compareTies(a.stored, b.stored))
    .slice(0, options.limit)
    .map(({ stored, distance }) => ({ item: withoutVector(stored), score: distance }));
}

/** Norms of stored vectors (cached items' vectors are never changed in place: a write replaces the item). */
const norms = new WeakMap<readonly number[], number>();

/** Computes and keeps the norm of each item's vector now (after a cache entry was read again, outside a timed search). */
export function primeVectorNorms(items: readonly StoredMemoryItem[]): void {
  for (const item of items) vectorNorm(item.vector);
}

function vectorNorm(vector: readonly number[]): number {
  let norm = norms.get(vector);
  if (norm === undefined) {
    norm = Math.sqrt(dot(vector, vector));
    norms.set(vector, norm);
  }
  return norm;
}

/** The indices where `vector` is not 0, ascending. */
function nonZeroIndices(vector: readonly number[]): Int32Array {
  const indices = new Int32Array(vector.length);
  let count = 0;
  for (let index = 0; index < vector.length; index++) if (vector[index] !== 0) indices[count++] = index;
  return indices.subarray(0, count);
}

/**
 * `dot(a, b)` summed over `indices`, the indices where `a` is not 0 ({@link nonZeroIndices}): the
 * same value bit for bit when `b` is finite (a skipped product is ±0, and adding ±0 to a sum that
 * starts at +0 never changes it), in a fraction of the time for a sparse query (the hash embedder's
 * has one entry per distinct word).
 */
function dotAt(indices: Int32Array, a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let at = 0; at < indices.length; at++) {
    const index = indices[at]!;
    sum += a[index]! * b[index]!;
  }
  return sum;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}
