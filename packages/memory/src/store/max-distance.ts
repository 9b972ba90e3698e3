import { ValidationError } from "../errors/engram-error";

/**
 * `VectorSearchOptions.maxDistance`, checked: a cosine distance bound, undefined for none.
 * @throws ValidationError unless undefined or a number from 0 to 2.
 */
export function parseMaxDistance(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !(value >= 0 && value <= 2)) throw new ValidationError(`maxDistance must be a cosine distance from 0 to 2, got ${String(value)}`);
  return value;
}
