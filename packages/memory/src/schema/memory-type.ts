import { z } from "zod";

/**
 * The six typed memory stores of MIRIX (arXiv 2507.07957, section 3.1), one LanceDB table each.
 * The table name is the type name.
 */
export const MEMORY_TYPES = ["core", "episodic", "semantic", "procedural", "resource", "knowledge_vault"] as const;

/** One of {@link MEMORY_TYPES}. */
export const MemoryTypeSchema = z.enum(MEMORY_TYPES);
export type MemoryType = z.infer<typeof MemoryTypeSchema>;

/** Human-readable titles of the memory types (the recalled context's `## Core memory` and `## Knowledge vault` headings use theirs; the other types share one timeline). */
export const MEMORY_TYPE_TITLES: Record<MemoryType, string> = {
  core: "Core memory",
  episodic: "Episodic memory (events)",
  semantic: "Semantic memory (facts)",
  procedural: "Procedural memory (how-to)",
  resource: "Resources (links, files, images)",
  knowledge_vault: "Knowledge vault",
};
