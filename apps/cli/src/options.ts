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
 * Parses `--budget`.
 *
 * @throws ValidationError unless `value` is a whole number from 50 to 1,000,000.
 */
export function parseTokenBudget(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TOKEN_BUDGET;
  const budget = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(budget) || budget < 50 || budget > 1_000_000) {
    throw new (loadMemory().ValidationError)(`--budget must be a whole number of tokens from 50 to 1000000, got ${JSON.stringify(value)}`, { location: "--budget" });
  }
  return budget;
}

/**
 * Parses `--batch-size`; `undefined` keeps the configured size.
 *
 * @throws ValidationError unless `value` is a whole number from 1 to 10,000.
 */
export function parseBatchSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const size = Number(value);
  if (!/^\d+$/.test(value.trim()) || size < 1 || size > 10_000) {
    throw new (loadMemory().ValidationError)(`--batch-size must be a whole number from 1 to 10000, got ${JSON.stringify(value)}`, { location: "--batch-size" });
  }
  return size;
}
