import type { Relation } from "../schema/graph-row";
import type { MemoryLineOptions } from "./format-memory-line";

/** Heading of the packed context's relation section (docs/architecture.md, "Graph memory"). */
export const RELATIONS_HEADING = "## Entities and relations";

/**
 * One line of the `## Entities and relations` section: `- <date>: <relation text> [<sources>]`,
 * the relation's sentence (`Melanie does pottery`) after the day it was first stated, as a semantic
 * item's line is written (`formatMemoryLine`); without `[<sources>]` when `citeSources` is false.
 * The sentence costs fewer cl100k_base tokens than `subject → predicate → object` and says the same.
 */
export function formatRelationLine(relation: Pick<Relation, "text" | "valid_from" | "sources">, options: Pick<MemoryLineOptions, "citeSources"> = {}): string {
  const sources = options.citeSources !== false && relation.sources.length > 0 ? ` [${relation.sources.join(", ")}]` : "";
  return `- ${relation.valid_from.slice(0, 10)}: ${relation.text}${sources}`;
}
