import { InvalidArgumentError } from "commander";

/** Commander's parser of a whole-number option above 0 (`--rows`, `--max-questions`, ...). @throws InvalidArgumentError otherwise. */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError(`expected a positive integer, got ${JSON.stringify(value)}`);
  return parsed;
}
