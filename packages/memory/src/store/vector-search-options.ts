import { z } from "zod";
import { parseOrThrow } from "../errors/zod-issues";
import type { Filter } from "./filter";
import type { VectorSearchOptions } from "./memory-store";

/**
 * {@link VectorSearchOptions} as both stores check them: `limit` an integer of at least 1,
 * `maxDistance` a cosine distance from 0 to 2 (an exclusive bound: hits closer than it), `filter`
 * an object (its columns and operators are checked where it is compiled, `store/filter.ts`).
 */
export const VectorSearchOptionsSchema = z.object({
  limit: z.number().int().min(1),
  maxDistance: z.number().min(0).max(2).optional(),
  filter: z.custom<Filter>((value) => typeof value === "object" && value !== null && !Array.isArray(value), "must be a filter object").optional(),
});

/**
 * Parses the options of one `vectorSearch`, once per call, in each store.
 *
 * @throws ValidationError naming each bad option (`limit` not an integer >= 1, `maxDistance` not a number from 0 to 2).
 */
export function parseVectorSearchOptions(options: VectorSearchOptions): VectorSearchOptions {
  return parseOrThrow(VectorSearchOptionsSchema, options, "vector search options");
}
