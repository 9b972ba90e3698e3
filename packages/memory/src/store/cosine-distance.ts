/** 1 - cosine similarity (0 to 2, lower is closer); 1 when either vector is all zeros. */
export function cosineDistance(a: number[], b: number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index += 1) {
    dot += a[index]! * (b[index] ?? 0);
    normA += a[index]! * a[index]!;
    normB += (b[index] ?? 0) * (b[index] ?? 0);
  }
  return normA === 0 || normB === 0 ? 1 : 1 - dot / Math.sqrt(normA * normB);
}
