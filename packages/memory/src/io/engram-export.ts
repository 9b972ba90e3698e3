import { z } from "zod";
import { EntitySchema, RelationSchema } from "../schema/graph-row";
import { MemoryItemSchema } from "../schema/memory-item";
import { HistoryRowSchema, StoredMessageSchema } from "../schema/message";
import { IdSchema } from "../schema/scope";
import type { JsonlLineError } from "./jsonl";
import { formatZodIssues } from "../errors/zod-issues";

/** Format version written in the header of an export file. */
export const ENGRAM_EXPORT_VERSION = 1;

/** First line of an export file. */
export const ExportHeaderSchema = z.object({
  kind: z.literal("engram-export"),
  version: z.literal(ENGRAM_EXPORT_VERSION),
  user_id: IdSchema,
  /** ISO time of the export. */
  exported_at: z.string(),
  /** Embedder the vectors were made with, e.g. `hash-512`; another embedder re-embeds on import. */
  embedder: z.string(),
  dimensions: z.number().int().positive(),
});
export type ExportHeader = z.infer<typeof ExportHeaderSchema>;

/** A stored message, with its content as it was given (high-sensitivity values in clear). */
export const ExportMessageSchema = StoredMessageSchema.extend({ kind: z.literal("message") });
/** A memory item with every field, its secret in clear, and its vector. */
export const ExportMemorySchema = z.intersection(MemoryItemSchema, z.object({ kind: z.literal("memory"), vector: z.array(z.number()) }));
/** A history row, secrets in `before`/`after` in clear. */
export const ExportHistorySchema = HistoryRowSchema.extend({ kind: z.literal("history") });

/** A graph memory entity with its vector (docs/architecture.md, "Graph memory"). */
export const ExportEntitySchema = EntitySchema.extend({ kind: z.literal("entity"), vector: z.array(z.number()) });
/** A graph memory relation with its vector. */
export const ExportRelationSchema = RelationSchema.extend({ kind: z.literal("relation"), vector: z.array(z.number()) });

export type ExportMessage = z.infer<typeof ExportMessageSchema>;
export type ExportEntity = z.infer<typeof ExportEntitySchema>;
export type ExportRelation = z.infer<typeof ExportRelationSchema>;
export type ExportMemory = z.infer<typeof ExportMemorySchema>;
export type ExportHistory = z.infer<typeof ExportHistorySchema>;
/** One line of an export file after the header. */
export type ExportRecord = ExportMessage | ExportMemory | ExportHistory | ExportEntity | ExportRelation;

/** Result of {@link parseEngramExport}. */
export interface ParseEngramExportResult {
  header: ExportHeader | null;
  records: ExportRecord[];
  /** Rejected lines (1-based), the others still returned. */
  errors: JsonlLineError[];
}

const RECORD_SCHEMAS = { message: ExportMessageSchema, memory: ExportMemorySchema, history: ExportHistorySchema, entity: ExportEntitySchema, relation: ExportRelationSchema } as const;

/**
 * True when `text` starts with an export header line (`{"kind":"engram-export",...}`), which is
 * how `engram import` tells an export file from a JSONL file of messages.
 */
export function isEngramExport(text: string): boolean {
  const first = text.replace(/^\uFEFF/, "").trimStart().split(/\r?\n/, 1)[0] ?? "";
  try {
    const value = JSON.parse(first) as unknown;
    return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "engram-export";
  } catch {
    return false;
  }
}

/**
 * Parses an export file: a header line, then one JSON record per line, each with a `kind` of
 * `message`, `memory` or `history` and the header's `user_id` (a record of another user is
 * rejected, so a file cannot write into someone else's memory). A bad line is reported with its
 * number and the rest is still returned. Never throws.
 */
export function parseEngramExport(text: string): ParseEngramExportResult {
  const records: ExportRecord[] = [];
  const errors: JsonlLineError[] = [];
  let header: ExportHeader | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = (index === 0 ? raw.replace(/^\uFEFF/, "") : raw).trim();
    if (trimmed === "") return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      errors.push({ line, message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const kind = typeof value === "object" && value !== null ? (value as { kind?: unknown }).kind : undefined;
    if (kind === "engram-export") {
      const parsed = ExportHeaderSchema.safeParse(value);
      if (parsed.success && header === null) header = parsed.data;
      else errors.push({ line, message: parsed.success ? "a second export header" : describeIssues(parsed.error.issues) });
      return;
    }
    const schema = typeof kind === "string" && Object.hasOwn(RECORD_SCHEMAS, kind) ? RECORD_SCHEMAS[kind as keyof typeof RECORD_SCHEMAS] : undefined;
    if (!schema) {
      errors.push({ line, message: `kind: expected "message", "memory", "history", "entity" or "relation", got ${JSON.stringify(kind ?? null)}` });
      return;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      errors.push({ line, message: describeIssues(parsed.error.issues) });
      return;
    }
    const record = parsed.data as ExportRecord;
    if (header === null || record.user_id !== (header as ExportHeader).user_id) {
      errors.push({ line, message: header === null ? "a record before the export header" : `user_id: ${JSON.stringify(record.user_id)} is not the exported user ${JSON.stringify((header as ExportHeader).user_id)}` });
      return;
    }
    records.push(record);
  });
  return { header, records, errors };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return formatZodIssues(issues, "record").join("; ");
}
