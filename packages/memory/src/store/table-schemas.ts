import { Bool, Field, FixedSizeList, Float32, Float64, Int32, List, Schema, Utf8, type DataType } from "apache-arrow";
import type { GraphTableName } from "../schema/graph-row";
import type { MemoryType } from "../schema/memory-type";

/** Tables beside the six memory tables. */
export const MESSAGES_TABLE = "messages";
export const HISTORY_TABLE = "history";
/** One row per graph run that the store keeps accounts of (model calls, tokens, time). */
export const RUNS_TABLE = "runs";

export type ColumnKind = "string" | "nullableString" | "stringList" | "float" | "int" | "boolean";

const COMMON_COLUMNS: Record<string, ColumnKind> = {
  id: "string",
  user_id: "string",
  agent_id: "string",
  session_id: "string",
  text: "string",
  created_at: "string",
  updated_at: "string",
  valid_from: "string",
  valid_to: "nullableString",
  sources: "stringList",
  importance: "float",
  access_count: "int",
  last_accessed_at: "nullableString",
  key: "string",
  archived_at: "nullableString",
};

/** Each memory type's own columns (docs/architecture.md, "The six memory types"). */
const OWN_COLUMNS: Record<MemoryType, Record<string, ColumnKind>> = {
  core: { label: "string", value: "string", limit: "int" },
  episodic: { occurred_at: "nullableString", occurred_precision: "string", occurred_end: "nullableString", event_type: "string", actor: "string", summary: "string", details: "string" },
  semantic: { name: "string", summary: "string", details: "string", source: "string" },
  procedural: { entry_type: "string", summary: "string", steps: "stringList" },
  resource: { title: "string", resource_type: "string", summary: "string", content: "string", uri: "string" },
  knowledge_vault: { entry_type: "string", caption: "string", sensitivity: "string", secret: "string" },
};

const MESSAGE_COLUMNS: Record<string, ColumnKind> = {
  id: "string",
  user_id: "string",
  agent_id: "string",
  session_id: "string",
  role: "string",
  speaker: "string",
  content: "string",
  timestamp: "string",
  image_caption: "string",
  image_url: "string",
  ingested_at: "string",
  seq: "int",
  processed_at: "nullableString",
  error: "nullableString",
  /** The original content, sealed (AES-256-GCM), when `content` had high-sensitivity values masked; else null. */
  sealed_content: "nullableString",
  /** True for an assistant reply that restates memories recalled for it: policies draft nothing from it. */
  echoes_memory: "boolean",
};

const HISTORY_COLUMNS: Record<string, ColumnKind> = {
  id: "string",
  memory_id: "string",
  memory_type: "string",
  user_id: "string",
  event: "string",
  before: "nullableString",
  after: "nullableString",
  cause: "string",
  sources: "stringList",
  created_at: "string",
};

const RUN_COLUMNS: Record<string, ColumnKind> = {
  id: "string",
  user_id: "string",
  /** `ingest` or `recall`. */
  kind: "string",
  /** Ingest policy name, e.g. `llm:gpt-4o-mini`, or `recall`. */
  policy: "string",
  created_at: "string",
  /** Wall time of the run, milliseconds. */
  duration_ms: "float",
  /** Messages the run processed (ingest). */
  messages: "int",
  llm_calls: "int",
  prompt_tokens: "int",
  completion_tokens: "int",
  /** Wall time spent in model requests, milliseconds. */
  llm_ms: "float",
  /** JSON of the usage per graph node. */
  by_node: "string",
  /** Why the batch fell back to the offline policy, or null. */
  fallback: "nullableString",
  /** The error that left the batch pending, or null. */
  error: "nullableString",
};

const GRAPH_COMMON_COLUMNS: Record<string, ColumnKind> = {
  id: "string",
  user_id: "string",
  sources: "stringList",
  created_at: "string",
  updated_at: "string",
  valid_from: "string",
  valid_to: "nullableString",
};

/** Columns of the graph tables (docs/architecture.md, "Graph memory"); both also have `vector`. */
const GRAPH_COLUMNS: Record<GraphTableName, Record<string, ColumnKind>> = {
  entities: { ...GRAPH_COMMON_COLUMNS, name: "string", aliases: "stringList", entity_type: "string", summary: "string" },
  relations: { ...GRAPH_COMMON_COLUMNS, subject_id: "string", predicate: "string", object_id: "string", text: "string" },
};

function arrowType(kind: ColumnKind): { type: DataType; nullable: boolean } {
  switch (kind) {
    case "string":
      return { type: new Utf8(), nullable: false };
    case "nullableString":
      return { type: new Utf8(), nullable: true };
    case "stringList":
      return { type: new List(new Field("item", new Utf8(), true)), nullable: false };
    case "float":
      return { type: new Float64(), nullable: false };
    case "int":
      return { type: new Int32(), nullable: false };
    case "boolean":
      return { type: new Bool(), nullable: false };
  }
}

function toSchema(columns: Record<string, ColumnKind>, vectorDimensions?: number): Schema {
  const fields = Object.entries(columns).map(([name, kind]) => {
    const { type, nullable } = arrowType(kind);
    return new Field(name, type, nullable);
  });
  if (vectorDimensions !== undefined) {
    fields.push(new Field("vector", new FixedSizeList(vectorDimensions, new Field("item", new Float32(), true)), false));
  }
  return new Schema(fields);
}

/** Column kinds of a table, used to convert rows read back from LanceDB. */
export function columnsOf(table: MemoryType | GraphTableName | typeof MESSAGES_TABLE | typeof HISTORY_TABLE | typeof RUNS_TABLE): Record<string, ColumnKind> {
  if (table === "entities" || table === "relations") return GRAPH_COLUMNS[table];
  if (table === MESSAGES_TABLE) return MESSAGE_COLUMNS;
  if (table === RUNS_TABLE) return RUN_COLUMNS;
  if (table === HISTORY_TABLE) return HISTORY_COLUMNS;
  let columns = memoryColumns.get(table);
  if (!columns) {
    columns = { ...COMMON_COLUMNS, ...OWN_COLUMNS[table] };
    memoryColumns.set(table, columns);
  }
  return columns;
}

const memoryColumns = new Map<MemoryType, Record<string, ColumnKind>>();

/** Arrow schema of a memory table: the common columns, the type's own, and `vector`. */
export function memoryTableSchema(type: MemoryType, dimensions: number): Schema {
  return toSchema(columnsOf(type), dimensions);
}

/** Arrow schema of a graph table: its columns and `vector`. */
export const graphTableSchema = (table: GraphTableName, dimensions: number): Schema => toSchema(GRAPH_COLUMNS[table], dimensions);
export const messagesTableSchema = (): Schema => toSchema(MESSAGE_COLUMNS);
export const historyTableSchema = (): Schema => toSchema(HISTORY_COLUMNS);
export const runsTableSchema = (): Schema => toSchema(RUN_COLUMNS);

/**
 * Converts a row read from LanceDB into plain JSON: list columns become string arrays, Arrow
 * integers numbers, and search-only columns (`vector`, `_distance`, `_score`, `_rowid`) are dropped.
 */
export function rowToPlain(row: Record<string, unknown>, columns: Record<string, ColumnKind>): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(columns)) plain[name] = plainValue(row[name], kind);
  return plain;
}

/** One column's value as {@link rowToPlain} gives it: a string list as an array (empty for null), a number, a boolean, a string (null only for `nullableString`). */
export function plainValue(value: unknown, kind: ColumnKind): unknown {
  if (kind === "stringList") return value == null ? [] : Array.from(value as Iterable<string>, String);
  if (kind === "int" || kind === "float") return Number(value ?? 0);
  if (kind === "boolean") return value === true;
  return value ?? (kind === "nullableString" ? null : "");
}

const columnSets = new Map<MemoryType | GraphTableName, ReadonlySet<string>>();

/** The column names of a memory or graph table, as the allow-list of its filters. */
export function columnSet(type: MemoryType | GraphTableName): ReadonlySet<string> {
  let set = columnSets.get(type);
  if (!set) {
    set = new Set(Object.keys(columnsOf(type)));
    columnSets.set(type, set);
  }
  return set;
}
