import { z } from "zod";
import { DEFAULT_TOKEN_BUDGET } from "../defaults";
import { parseMemoryTypes, RelationShareSchema } from "../engram-options";
import { ValidationError } from "../errors/engram-error";
import { parseOrThrow } from "../errors/zod-issues";
import type { Scope } from "../schema/scope";
import type { RecallOptions } from "./recall-types";

/**
 * The recall graph's input for `Engram.recall`, validated: `tokenBudget` (default 1500) and every
 * `extraTokenBudgets` entry positive integers, the query a string, the types known, `relationShare`
 * between 0 and 0.5; `asOf`
 * defaults to `now`.
 *
 * @throws ValidationError for an invalid budget, query or type.
 */
export function recallGraphInput(query: string, scope: Scope, options: RecallOptions, now: Date) {
  const tokenBudget = options.tokenBudget ?? DEFAULT_TOKEN_BUDGET;
  if (!Number.isInteger(tokenBudget) || tokenBudget < 1) throw new ValidationError(`tokenBudget must be a positive integer, got ${tokenBudget}`);
  const extraTokenBudgets = options.extraTokenBudgets === undefined ? undefined : parseOrThrow(z.array(z.number().int().min(1)), options.extraTokenBudgets, "extraTokenBudgets");
  return {
    query: parseOrThrow(z.string(), query, "query"),
    recentTurns: options.recentTurns ?? [],
    scope,
    tokenBudget,
    types: parseMemoryTypes(options.types),
    asOf: options.asOf ?? now.toISOString(),
    ...(extraTokenBudgets ? { extraTokenBudgets } : {}),
    ...(options.explain === true ? { explain: true } : {}),
    ...(options.includeArchived === true ? { includeArchived: true } : {}),
    ...(options.graph !== undefined ? { graph: parseOrThrow(z.boolean(), options.graph, "graph") } : {}),
    ...(options.citeSources !== undefined ? { citeSources: parseOrThrow(z.boolean(), options.citeSources, "citeSources") } : {}),
    ...(options.turns !== undefined ? { turns: parseOrThrow(z.boolean(), options.turns, "turns") } : {}),
    ...(options.relationShare !== undefined ? { relationShare: parseOrThrow(RelationShareSchema, options.relationShare, "relationShare") } : {}),
  };
}
