import { performance } from "node:perf_hooks";
import { Engram, HashEmbedder, LanceDbMemoryStore, type LocomoSample } from "@engram/memory";
import { evidenceRecall } from "../metrics/evidence-recall";
import { percentile } from "../metrics/percentile";
import { directoryBytes } from "../util/directory-bytes";
import { renameSample, syntheticEpisodicItems } from "./scale-data";

/** One measured store size of the scale bench (`scale.json`'s `levels`). */
export interface ScaleLevel {
  /** Memory rows in the store (all six tables, all users). */
  rows: number;
  users: number;
  /** Warm recall latency at 1,500 tokens over the copies' questions, milliseconds. */
  recall_p50_ms: number | null;
  recall_p95_ms: number | null;
  /** Offline ingest of one renamed LoCoMo copy into the store at this size. */
  ingest_messages_per_second: number;
  /** Bytes on disk (the whole folder) per 1,000 memory rows. */
  bytes_per_1000: number;
  /** Peak resident set size of the process so far, MB. */
  peak_rss_mb: number;
  /** Time to open the store (Engram.open), milliseconds. */
  open_ms: number;
  /** Memory tables with an ANN (IVF_PQ) index on their vectors. */
  ann_index: string[];
  /** Memory tables with BTREE indexes on `user_id` and `id`. */
  scalar_index: string[];
  /**
   * Mean evidence recall@1500 on the copies' questions: `default`, the engine as shipped (small
   * users searched in process); the other three search LanceDB for every user
   * (`inProcessSearchMaxRows: 0`): `lancedb_exact` with the ANN index bypassed for all users,
   * `lancedb_ann` with the index for all users (null when no table has one), `lancedb_routed`
   * with the store's default routing (the index only for users with `annMinUserRows` rows or more).
   */
  evidence_recall: { default: number | null; lancedb_exact: number | null; lancedb_ann: number | null; lancedb_routed: number | null };
}

/** Options of {@link runScale}. */
export interface RunScaleOptions {
  /** The largest store size; levels are 10k, 100k and 1M rows below it, then `rows` itself. */
  rows: number;
  /** LoCoMo samples whose renamed copies are the real users. */
  samples: readonly LocomoSample[];
  /** Store folder (empty or missing). */
  path: string;
  /** Rows of a table from which the ANN index is built. @default 100000 */
  annIndexAfterRows?: number;
  /** Synthetic rows per synthetic user. @default 100 */
  rowsPerSyntheticUser?: number;
  /** Questions measured per level. @default 60 */
  questions?: number;
  onLog?: (line: string) => void;
}

const STANDARD_LEVELS = [10_000, 100_000, 1_000_000];

/** The store sizes measured for `rows`: the standard levels below it, then `rows`. */
export function scaleLevels(rows: number): number[] {
  return [...STANDARD_LEVELS.filter((level) => level < rows), rows];
}

/**
 * The scale bench: grows one store level by level; at each level fills it to the level's rows with
 * synthetic users (100 rows each) and optimizes (full-text index current), ingests one more renamed
 * copy of a LoCoMo sample (offline policy, timed: an ingest into a store of that size, without the
 * ANN index upkeep of its add; the level's rows are then the target plus the copy's), builds the
 * ANN index past its threshold, prunes old versions, reopens the store (timed), and recalls the
 * copies' questions warm at 1,500 tokens.
 */
export async function runScale(options: RunScaleOptions): Promise<ScaleLevel[]> {
  const log = options.onLog ?? (() => {});
  const annIndexAfterRows = options.annIndexAfterRows ?? 100_000;
  const perUser = options.rowsPerSyntheticUser ?? 100;
  const embedder = new HashEmbedder();
  // The store is opened here and injected: the bench writes synthetic rows and builds indexes on it directly.
  const open = async (extra: { inProcessSearchMaxRows?: number; annMinUserRows?: number; readOnlyAccess?: boolean; annIndexAfterRows?: number } = {}) => {
    const { annMinUserRows, readOnlyAccess, ...engramOptions } = extra;
    const store = await LanceDbMemoryStore.open({ path: options.path, dimensions: embedder.dimensions, embedderId: embedder.modelId, annMinUserRows });
    return { store, engram: await Engram.open({ store: readOnlyAccess ? withoutAccessWrites(store) : store, embedder, annIndexAfterRows, ...engramOptions }) };
  };
  const copies: LocomoSample[] = [];
  let syntheticUsers = 0;
  const levels: ScaleLevel[] = [];
  for (const target of scaleLevels(options.rows)) {
    const levelStart = performance.now();
    // The level's copy is ingested without the index upkeep an add runs after its batches (see below).
    let { engram, store } = await open({ annIndexAfterRows: Number.POSITIVE_INFINITY });
    const copy = renameSample(options.samples[copies.length % options.samples.length]!, copies.length);
    copies.push(copy);
    const pass = async (memory: Engram) => {
      const latencies: number[] = [];
      const recalls: number[] = [];
      for (const question of measured) {
        const start = performance.now();
        const recalled = await memory.recall(question.question, { user_id: question.user }, { tokenBudget: 1500 });
        latencies.push(performance.now() - start);
        const score = evidenceRecall(question.evidence, [...new Set(recalled.items.flatMap((item) => item.sources))]);
        if (score) recalls.push(score.recall);
        // Access counts written between questions, untimed, as the dev bench does: else a background write to the largest table runs beside some recalls.
        await memory.flushAccess();
      }
      return { latencies, recall: recalls.length > 0 ? recalls.reduce((sum, value) => sum + value, 0) / recalls.length : null };
    };
    // One pass of the questions with LanceDB search for every user, the ANN index used by `annMinUserRows` (undefined: the store's default).
    // Its access counts are not written: they change the ranking (retention), so each of these passes would see the previous one's.
    const lanceDbPass = async (annMinUserRows?: number) => {
      const { engram: viaLanceDb } = await open({ inProcessSearchMaxRows: 0, annMinUserRows, readOnlyAccess: true });
      try {
        const measuredPass = await pass(viaLanceDb);
        log(`level ${target}: LanceDB pass, annMinUserRows ${annMinUserRows ?? "default"}: recall ${measuredPass.recall}, p50 ${round(percentile(measuredPass.latencies, 50))} ms (${((performance.now() - levelStart) / 1000).toFixed(1)} s)`);
        return measuredPass;
      } finally {
        await viaLanceDb.close();
      }
    };
    let rows = await memoryRows(engram);
    while (rows < target) {
      const chunk: Awaited<ReturnType<typeof syntheticEpisodicItems>> = [];
      while (chunk.length < 20_000 && rows + chunk.length < target) {
        chunk.push(...(await syntheticEpisodicItems(syntheticUsers++, Math.min(perUser, target - rows - chunk.length), embedder)));
      }
      // Appended, not merged: the synthetic ids are new, and a merge joins every chunk against the whole table.
      await store.appendNewItems("episodic", chunk);
      rows += chunk.length;
      log(`level ${target}: ${rows} rows (${((performance.now() - levelStart) / 1000).toFixed(1)} s)`);
    }
    await store.optimize();
    log(`level ${target}: optimized (${((performance.now() - levelStart) / 1000).toFixed(1)} s)`);
    const questions = copies.flatMap((entry) => entry.questions.filter((question) => question.evidence.length > 0).map((question) => ({ ...question, user: entry.sample_id })));
    const measured = questions.slice(-(options.questions ?? 60));
    // The copy is ingested into the store at the level's size, timed without the index upkeep an add runs after its
    // batches (the ANN index trained when a table first passes annIndexAfterRows: ingested first, into the previous
    // level's store, the 1M level's copy took 64 s for 419 messages, LanceDB training the index inside that add).
    // The bench builds the indexes itself next, untimed.
    const ingestStart = performance.now();
    await engram.add(copy.messages, { user_id: copy.sample_id });
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    log(`level ${target}: ingested ${copy.sample_id} (${copy.messages.length} messages) in ${ingestSeconds.toFixed(1)} s`);
    rows = await memoryRows(engram);
    await store.ensureVectorIndexes({ minRows: annIndexAfterRows });
    // Old versions pruned (the copy's rows indexed too): bytes per 1,000 rows measure the live store, not every version a write left behind.
    await store.optimize({ pruneBefore: new Date() });
    log(`level ${target}: indexed ${JSON.stringify(store.vectorIndexedTables())} and pruned (${((performance.now() - levelStart) / 1000).toFixed(1)} s)`);
    await engram.close();

    const openStart = performance.now();
    ({ engram, store } = await open());
    const openMs = performance.now() - openStart;
    const annIndex = store.vectorIndexedTables();
    await pass(engram);
    const warm = await pass(engram);
    await engram.close();
    const exact = await lanceDbPass(Number.POSITIVE_INFINITY);
    // Without an ANN index every route is exact: the routed pass would run the same queries again.
    const ann = annIndex.length > 0 ? await lanceDbPass(0) : null;
    const routed = annIndex.length > 0 ? await lanceDbPass() : exact;
    const bytes = await directoryBytes(options.path);
    const level: ScaleLevel = {
      rows,
      users: copies.length + syntheticUsers,
      recall_p50_ms: round(percentile(warm.latencies, 50)),
      recall_p95_ms: round(percentile(warm.latencies, 95)),
      ingest_messages_per_second: round(copy.messages.length / ingestSeconds) ?? 0,
      bytes_per_1000: Math.round((bytes / rows) * 1000),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      open_ms: round(openMs) ?? 0,
      ann_index: annIndex,
      scalar_index: store.scalarIndexedTables(),
      evidence_recall: { default: round(warm.recall, 4), lancedb_exact: round(exact.recall, 4), lancedb_ann: ann && round(ann.recall, 4), lancedb_routed: round(routed.recall, 4) },
    };
    log(`level ${target}: ${JSON.stringify(level)}`);
    levels.push(level);
  }
  return levels;
}

/** `store` with `recordAccess` a no-op: recalls through it leave the store as it was. */
function withoutAccessWrites(store: LanceDbMemoryStore): LanceDbMemoryStore {
  return new Proxy(store, {
    get(target, key) {
      if (key === "recordAccess") return async () => {};
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function memoryRows(engram: Engram): Promise<number> {
  const stats = await engram.stats();
  return stats.core + stats.episodic + stats.semantic + stats.procedural + stats.resource + stats.knowledge_vault;
}

function round(value: number | null, digits = 2): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
