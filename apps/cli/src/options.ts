import path from "node:path";
import { DEFAULT_TOKEN_BUDGET } from "@engram/memory/defaults";
import { loadMemory } from "./lazy";
import type { CliContext } from "./cli-context";

/** Default token budget of `engram recall` and `engram chat`: the library's. */
export { DEFAULT_TOKEN_BUDGET };

/** The help text of `--db`. */
export const DB_OPTION_HELP = "database folder (created if missing) or s3://, gs://, az:// URI [default: $ENGRAM_DB, else ./.engram]";

/** The absolute database folder (or object-store URI, as given): `--db` if given, else `$ENGRAM_DB`, else `./.engram`. */
export function resolveDb(context: CliContext, db: string | undefined): string {
  if (db === undefined) return context.config().defaultDb;
  return loadMemory().isObjectStoreUri(db) ? db : path.resolve(db);
}

/**
 * Parses the value of a whole-number flag, e.g. `parseWholeNumber("1500", "--budget", { min: 50, max: 1_000_000, unit: "tokens" })`.
 *
 * @throws ValidationError (location: the flag) unless `value` is digits only and from `min` to `max`.
 */
export function parseWholeNumber(value: string, flag: string, range: { min: number; max: number; unit?: string }): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < range.min || parsed > range.max) {
    const unit = range.unit === undefined ? "" : ` of ${range.unit}`;
    throw new (loadMemory().ValidationError)(`${flag} must be a whole number${unit} from ${range.min} to ${range.max}, got ${JSON.stringify(value)}`, { location: flag });
  }
  return parsed;
}

/** Parses `--budget`: a whole number of tokens from 50 to 1,000,000 (else ValidationError). */
export function parseTokenBudget(value: string | undefined): number {
  return value === undefined ? DEFAULT_TOKEN_BUDGET : parseWholeNumber(value, "--budget", { min: 50, max: 1_000_000, unit: "tokens" });
}

/** Parses `--batch-size`, a whole number from 1 to 10,000 (else ValidationError); `undefined` keeps the configured size. */
export function parseBatchSize(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseWholeNumber(value, "--batch-size", { min: 1, max: 10_000 });
}
