/** `T` without its `vector`, member by member of a union (so a memory item stays a `MemoryItem`). */
export type WithoutVector<T> = T extends unknown ? Omit<T, "vector"> : never;

/** `row` without its `vector`: a memory item, entity or relation as recall, history rows and the API show it. */
export function withoutVector<T extends object>(row: T): WithoutVector<T> {
  const { vector: _vector, ...rest } = row as T & { vector?: unknown };
  return rest as WithoutVector<T>;
}
