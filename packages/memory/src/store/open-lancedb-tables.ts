import * as fs from "node:fs/promises";
import * as path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { StoreError } from "../errors/engram-error";
import { isObjectStoreUri } from "./object-store-uri";
import { MANIFEST_FILE } from "./store-cipher";
import { MEMORY_TYPES, type MemoryType } from "../schema/memory-type";
import type { StoreTableName } from "./memory-store";
import { withStoreRetry, type StoreRetryOptions } from "./retry";
import { createManifest, readManifest, STORE_FORMAT, type StoreManifest } from "./store-manifest";
import { GRAPH_TABLES } from "../schema/graph-row";
import { HISTORY_TABLE, MESSAGES_TABLE, RUNS_TABLE, graphTableSchema, historyTableSchema, memoryTableSchema, messagesTableSchema, runsTableSchema } from "./table-schemas";

/** Every table of a LanceDB store, in the order they are opened. */
export const TABLE_NAMES: readonly StoreTableName[] = [...MEMORY_TYPES, MESSAGES_TABLE, HISTORY_TABLE, RUNS_TABLE, ...GRAPH_TABLES];


/** The opened tables of a store folder. */
export interface OpenedLanceDbTables {
  connection: lancedb.Connection;
  tables: Map<StoreTableName, lancedb.Table>;
  /** Memory tables that already have their full-text index on `text`. */
  ftsReady: MemoryType[];
  /** Memory tables that already have an ANN index on `vector`. */
  vectorIndexed: MemoryType[];
  /** Memory tables that already have a scalar index on `user_id` (built with the one on `id`). */
  scalarIndexed: MemoryType[];
}

/**
 * Opens (or creates) the store folder: checks (or writes) its manifest `engram.json` (table layout,
 * embedder id and dimensions), then opens or creates every table. An object-store URI
 * (`s3://`, `gs://`, `az://`, opened with `storageOptions`) has no folder and no manifest: the
 * tables are all there is.
 *
 * @throws StoreError when the folder cannot be used, or was made with another embedder or layout.
 */
export async function openLanceDbTables(options: {
  path: string;
  dimensions: number;
  embedderId: string;
  retry?: StoreRetryOptions;
  storageOptions?: Record<string, string>;
}): Promise<OpenedLanceDbTables> {
  const manifestPath = path.join(options.path, MANIFEST_FILE);
  const remote = isObjectStoreUri(options.path);
  try {
    // Owner only: emails and phone numbers are stored in plaintext by design, and LanceDB writes
    // its files 0644, so the folder is what keeps other local users out.
    if (!remote) await fs.mkdir(options.path, { recursive: true, mode: 0o700 });
    const manifest = remote ? null : await readManifest(manifestPath);
    if (manifest && manifest.format !== STORE_FORMAT) {
      throw new StoreError(`store ${options.path} has table layout ${manifest.format}, this Engram reads layout ${STORE_FORMAT}; import its messages into a new folder`, {
        storeName: MANIFEST_FILE,
      });
    }
    if (manifest && (manifest.embedderId !== options.embedderId || manifest.dimensions !== options.dimensions)) {
      throw new StoreError(
        `store ${options.path} was built with embedder ${manifest.embedderId} (${manifest.dimensions} dims), not ${options.embedderId} (${options.dimensions} dims); use the same embedder or a new folder`,
        { storeName: MANIFEST_FILE },
      );
    }
    if (!manifest && !remote) {
      const fresh: StoreManifest = { format: STORE_FORMAT, embedderId: options.embedderId, dimensions: options.dimensions };
      const winner = await createManifest(manifestPath, fresh);
      if (winner.embedderId !== options.embedderId || winner.dimensions !== options.dimensions) {
        throw new StoreError(`store ${options.path} was just created by another process with embedder ${winner.embedderId}`, { storeName: MANIFEST_FILE });
      }
    }
    // Strong read consistency: every read sees the latest commit of any process (LanceDB OSS
    // checks the version on each read when the interval is 0 seconds).
    const connection = await lancedb.connect(options.path, { readConsistencyInterval: 0, ...(options.storageOptions ? { storageOptions: options.storageOptions } : {}) });
    const existing = new Set(await connection.tableNames());
    const tables = new Map<StoreTableName, lancedb.Table>();
    for (const name of TABLE_NAMES) {
      const schema =
        name === MESSAGES_TABLE
          ? messagesTableSchema()
          : name === HISTORY_TABLE
            ? historyTableSchema()
            : name === RUNS_TABLE
              ? runsTableSchema()
              : name === "entities" || name === "relations"
                ? graphTableSchema(name, options.dimensions)
                : memoryTableSchema(name, options.dimensions);
      // Another process may be creating the same table of a new store right now: a table it has
      // not committed yet is "not found", so opening is retried like a commit conflict.
      const table = await withStoreRetry(
        () => (existing.has(name) ? connection.openTable(name) : connection.createEmptyTable(name, schema, { existOk: true })),
        options.retry,
      );
      await assertTableLayout(name, table, schema, options.path);
      tables.set(name, table);
    }
    const ftsReady: MemoryType[] = [];
    const vectorIndexed: MemoryType[] = [];
    const scalarIndexed: MemoryType[] = [];
    for (const type of MEMORY_TYPES) {
      const indices = await tables.get(type)!.listIndices();
      if (indices.some((index) => index.columns.includes("text")) || (!existing.has(type) && (await createTextIndex(tables.get(type)!, options.retry)))) ftsReady.push(type);
      if (indices.some((index) => index.columns.includes("vector"))) vectorIndexed.push(type);
      if (indices.some((index) => index.columns.includes("user_id"))) scalarIndexed.push(type);
    }
    return { connection, tables, ftsReady, vectorIndexed, scalarIndexed };
  } catch (error) {
    if (StoreError.isInstance(error)) throw error;
    throw new StoreError(`cannot open store ${options.path}: ${(error as Error).message}`, { storeName: "*", cause: error });
  }
}

/**
 * Refuses a table whose columns drifted from the layout this Engram writes (a column missing or of
 * another type), before anything is written: otherwise a write fails half-way, e.g. a memory item
 * changed while its history row is refused.
 *
 * @throws StoreError naming the table and the field.
 */
async function assertTableLayout(name: StoreTableName, table: lancedb.Table, expected: { fields: { name: string; type: unknown }[] }, storePath: string): Promise<void> {
  const actual = new Map((await table.schema()).fields.map((field) => [field.name, String(field.type)]));
  for (const field of expected.fields) {
    const type = actual.get(field.name);
    if (type === String(field.type)) continue;
    const problem = type === undefined ? "is missing" : `has type ${type}, expected ${String(field.type)}`;
    throw new StoreError(`store ${storePath}: table ${name} does not have the layout this Engram writes: field ${field.name} ${problem}; import its messages into a new folder`, {
      storeName: name,
    });
  }
}

/**
 * Builds the full-text index of a memory table this open just created, while it is empty (a few
 * milliseconds): the rows written later are searched flat beside it until `optimize` indexes them,
 * as every write after the first was before. Built at the first write instead, it cost LanceDB CPU
 * inside the first `add` of every new store (docs/architecture.md, "Scale: indexes past a row
 * threshold"). True when it was built; false leaves it to the first write
 * (`LanceDbMemoryStore.upsertItems`), as for a table of an older store without one.
 */
async function createTextIndex(table: lancedb.Table, retry: StoreRetryOptions | undefined): Promise<boolean> {
  // Another process creating the same new store may build it at the same moment: a commit conflict is retried, and a lost race is harmless.
  return withStoreRetry(() => table.createIndex("text", { config: ftsIndexConfig() }), retry).then(
    () => true,
    () => false,
  );
}

/** The full-text index on `text`: English stemming, stop words removed, ASCII folding. */
export function ftsIndexConfig(): lancedb.Index {
  return lancedb.Index.fts({ stem: true, removeStopWords: true, language: "English", asciiFolding: true, withPosition: false });
}
