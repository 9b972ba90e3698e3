import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import type { Embedder } from "../embed/embedder";
import type { MemoryItem } from "../schema/memory-item";
import { MEMORY_TYPES, type MemoryType } from "../schema/memory-type";
import { parseScopeInput, type Scope } from "../schema/scope";
import type { MemoryStore } from "../store/memory-store";
import { DEFAULT_RELATION_SHARE, DEFAULT_TOKEN_BUDGET } from "../defaults";
import { RelationShareSchema } from "../engram-options";
import { deriveTopics } from "../recall/derive-topics";
import { fuseRankedLists, type FusedItem } from "../recall/fuse-ranked-lists";
import { packContext, type PackedContext, type PackLine } from "../recall/pack-context";
import { addSessionNeighbours } from "../recall/session-neighbours";
import type { RecallExplain, RecallTopics } from "../recall/recall-types";
import { searchMemories, validAt, type RankedList } from "../recall/search-memories";
import { relationsForSection, searchGraph, type ScoredTriplet } from "../recall/search-graph";
import { searchTurns } from "../recall/search-turns";
import { deriveTopicsWithModel } from "../recall/llm-topics";
import type { UserItemsCache } from "../recall/user-items-cache";
import type { ChatModel, ModelCallSettings } from "../models/chat-model";
import { summarizeModelCalls, type LlmUsage, type ModelCallRecord } from "../models/model-usage";
import { withoutVector } from "../util/without-vector";
import { untilAborted, withChildSignal } from "./with-child-signal";

/** Token budget of a recall graph run whose input names none (cl100k_base tokens). */

/** Dependencies of the recall graph, injected once when it is built. */
export interface RecallGraphDependencies {
  store: MemoryStore;
  embedder: Embedder;
  now: () => Date;
  /** Keeps small per-user tables in process (see {@link UserItemsCache}); every table is queried in LanceDB without it. */
  cache?: UserItemsCache;
  /** With a chat model, active retrieval makes one topic call (offline topics otherwise). */
  chatModel?: { model: ChatModel; settings: ModelCallSettings };
  /**
   * A private object only the trusted caller (the `Engram` facade) holds. `pack` decrypts
   * high-sensitivity secrets only when the run's `configurable[RECALL_REVEAL_KEY]` is this very
   * object, which no JSON request (LangGraph Studio, `POST /runs`) can produce. Absent: never reveals.
   */
  revealToken?: object;
  /** Fused scores × retention^weight (`recall/retention.ts`); absent or weight 0: off. */
  retention?: { weight: number; baseStabilityDays?: number };
  /** Add the graph search's lists to fusion unless a run's `graph` says otherwise. @default true */
  graph?: boolean;
  /** End context lines with their source ids unless a run's `citeSources` says otherwise. @default true */
  citeSources?: boolean;
  /** Add the raw-turn list (`recall/search-turns.ts`) to fusion unless a run's `turns` says otherwise. @default true */
  turns?: boolean;
  /** Offline topics carry the query's expansions (`recall/expand-query.ts`), lower-weighted full-text terms. @default true */
  expansion?: boolean;
  /** Share of the budget for the `## Entities and relations` section unless a run's `relationShare` says otherwise (0: none). @default 0.1 */
  relationShare?: number;
}

/** The `configurable` key under which a trusted caller passes {@link RecallGraphDependencies.revealToken}. */
export const RECALL_REVEAL_KEY = "engramRevealToken";

/** State of one recall run. */
export const RecallState = Annotation.Root({
  query: Annotation<string>,
  recentTurns: Annotation<string[]>,
  scope: Annotation<Scope>,
  /** Most tokens for the context (cl100k_base). */
  tokenBudget: Annotation<number>,
  types: Annotation<MemoryType[]>,
  /** ISO time at which validity is evaluated. */
  asOf: Annotation<string>,
  topics: Annotation<RecallTopics>,
  /** Search the graph memory too (absent: the dependency's default). */
  graph: Annotation<boolean | undefined>,
  /** Search the user's raw turns too (absent: the dependency's default). */
  turns: Annotation<boolean | undefined>,
  lists: Annotation<RankedList[]>,
  /** Relations the graph search reached, best first. */
  triplets: Annotation<ScoredTriplet[]>,
  core: Annotation<MemoryItem[]>,
  fused: Annotation<FusedItem[]>,
  packed: Annotation<PackedContext>,
  /** More budgets packed from the same fused list (absent: none). */
  extraTokenBudgets: Annotation<number[] | undefined>,
  /** One packing per `extraTokenBudgets` entry, in that order. */
  extraPacked: Annotation<PackedContext[] | undefined>,
  /** Collect {@link RecallExplain} (absent: off, nothing collected). */
  explain: Annotation<boolean | undefined>,
  /** How the context was reached, when `explain` is on. */
  explained: Annotation<RecallExplain | undefined>,
  /** Also search archived items. @default false */
  includeArchived: Annotation<boolean | undefined>,
  /** End context lines with their source ids (absent: the dependency's default). */
  citeSources: Annotation<boolean | undefined>,
  /** Share of the budget for the relation section (absent: the dependency's default). */
  relationShare: Annotation<number | undefined>,
  /** Model usage of the run, per node. */
  llm: Annotation<LlmUsage>,
  /** Recoverable problems, e.g. a failed topic call replaced by offline topics. */
  warnings: Annotation<string[]>({ reducer: (left, right) => [...left, ...right], default: () => [] }),
});
export type RecallStateType = typeof RecallState.State;

/**
 * Builds the recall graph (docs/architecture.md, "Recall: active retrieval"): `activeRetrieval` (topics and a
 * time range from the query and recent turns) → `search` (hybrid search per memory table, plus
 * core memory, plus the graph search's lists unless `graph` is false, plus the raw-turn list unless `turns` is false) → `fuse` (reciprocal rank fusion across types, importance, dedup) → `pack` (token
 * budget, formatted sections with dates and source ids).
 *
 * Input state: `{ query, recentTurns, scope, tokenBudget, types, asOf }` (`recentTurns`, `types`,
 * `tokenBudget` (1500) and `asOf` (now) may be left out); output adds `packed`.
 */
export function createRecallGraph(deps: RecallGraphDependencies) {
  const nodes = recallNodes(deps);
  return new StateGraph(RecallState)
    .addNode("activeRetrieval", nodes.activeRetrieval)
    .addNode("search", nodes.search)
    .addNode("fuse", nodes.fuse)
    .addNode("pack", nodes.pack)
    .addEdge(START, "activeRetrieval")
    .addEdge("activeRetrieval", "search")
    .addEdge("search", "fuse")
    .addEdge("fuse", "pack")
    .addEdge("pack", END)
    // Stateless: nothing to checkpoint, also when invoked inside a graph that has a checkpointer.
    .compile({ name: "recall", checkpointer: false });
}

/** The tables besides the memory types a recall reads through the cache: graph search's, session neighbours' and the turn search's (messages, and history for the messages once remembered). */
const RECALL_ROW_TABLES = ["entities", "relations", "messages", "history"] as const;

/**
 * The compiled recall graph (`graph`, for LangGraph Studio and `Engram.graphs`) and `run`, the
 * facade's recall: with `explain`, the compiled graph; otherwise {@link runRecallNodes} over the
 * same dependencies (the same output, without LangGraph's per-node run setup on every recall), over
 * a {@link UserItemsCache.pinVersions} view of the cache that reads each table's version once.
 */
export function createRecallRunner(deps: RecallGraphDependencies) {
  const graph = createRecallGraph(deps);
  const nodes = recallNodes(deps);
  return {
    graph,
    run: (input: Partial<RecallStateType>, config: RecallNodeConfig): Promise<RecallStateType> =>
      input.explain ? withChildSignal(config.signal, (signal) => graph.invoke(input, { signal, configurable: config.configurable })) : runRecallNodes(deps.cache ? recallNodes({ ...deps, cache: deps.cache.pinVersions([...(input.types ?? MEMORY_TYPES), ...RECALL_ROW_TABLES]) }) : nodes, input, config),
  };
}

/** The recall graph's nodes, in graph order (see {@link createRecallGraph}); {@link runRecallNodes} runs them without LangGraph. */
export type RecallNodes = ReturnType<typeof recallNodes>;

/** A node's `config`: the run's abort signal and `configurable` (where a trusted caller puts {@link RECALL_REVEAL_KEY}). */
interface RecallNodeConfig {
  signal?: AbortSignal;
  configurable?: Record<string, unknown>;
}

/** The node functions of the recall graph over `deps`: `activeRetrieval` → `search` → `fuse` → `pack`. */
export function recallNodes(deps: RecallGraphDependencies) {
  return {
    activeRetrieval: async (state: RecallStateType, config: RecallNodeConfig) => {
      const recentTurns = state.recentTurns ?? [];
      const defaults = {
        scope: parseScopeInput(state.scope),
        // Defaults for a run started with only `query` and `scope` (LangGraph Studio, `POST /runs`).
        ...(state.asOf ? {} : { asOf: deps.now().toISOString() }),
        ...(state.tokenBudget ? {} : { tokenBudget: DEFAULT_TOKEN_BUDGET }),
      };
      const offlineTopics = () => deriveTopics(String(state.query ?? ""), recentTurns, deps.now(), { expansion: deps.expansion ?? true });
      if (!deps.chatModel) return { ...defaults, topics: offlineTopics(), llm: summarizeModelCalls([]) };
      const calls: ModelCallRecord[] = [];
      try {
        const topics = await deriveTopicsWithModel(String(state.query ?? ""), recentTurns, deps.now(), {
          ...deps.chatModel,
          signal: config.signal,
          onModelCall: (record) => calls.push(record),
        });
        return { ...defaults, topics, llm: summarizeModelCalls(calls) };
      } catch (error) {
        if (config.signal?.aborted) throw error;
        // Recall must still answer: a failed topic call falls back to the offline topics.
        const warning = `topic call failed, offline topics used: ${(error as Error).message}`;
        return { ...defaults, topics: offlineTopics(), llm: summarizeModelCalls(calls), warnings: [warning] };
      }
    },
    search: async (state: RecallStateType) => {
      // Validated again here: a caller can jump to this node with `Command({ goto, update })`.
      const scope = parseScopeInput(state.scope);
      const types = state.types ?? [...MEMORY_TYPES];
      // Core needs no query vector: read while the query is embedded.
      const core = types.includes("core") ? listValidCore(deps, scope.user_id, state.asOf) : Promise.resolve([]);
      core.catch(() => undefined); // awaited below; handled now in case embedding fails first
      const vector = (await deps.embedder.embedMany([state.topics.searchText]))[0]!;
      const options = { userId: scope.user_id, types, asOf: state.asOf, vector, includeArchived: state.includeArchived === true };
      const [lists, coreItems, graph, turns] = await Promise.all([
        searchMemories(state.topics, options, deps),
        core,
        (state.graph ?? deps.graph ?? true) ? searchGraph(state.topics, options, deps) : Promise.resolve(null),
        (state.turns ?? deps.turns ?? true) ? searchTurns(state.topics, options, deps) : Promise.resolve(null),
      ]);
      return { lists: [...lists, ...(graph?.lists ?? []), ...(turns ?? [])], core: coreItems, triplets: graph?.triplets ?? [] };
    },
    fuse: async (state: RecallStateType) => {
      const neighbours = { userId: parseScopeInput(state.scope).user_id, asOf: state.asOf, includeArchived: state.includeArchived === true };
      const retention = deps.retention ? { retention: { ...deps.retention, now: deps.now() } } : {};
      if (!state.explain) return { fused: await addSessionNeighbours(fuseRankedLists(state.lists, retention), neighbours, deps) };
      const explained: RecallExplain = { methods: [], fused: [], duplicates: [], packing: [], timeRange: state.topics?.timeRange ?? null };
      const fused = await addSessionNeighbours(fuseRankedLists(state.lists, { ...retention, explain: explained }), neighbours, deps);
      return { fused, explained: { ...explained, fused: fused.map(({ item, score }) => ({ id: item.id, score, type: item.type, sources: item.sources, text: item.text })) } };
    },
    pack: async (state: RecallStateType, config: RecallNodeConfig) => {
      // Never from the state a caller sets: only the facade's private token reveals secrets.
      const reveal = deps.revealToken !== undefined && config.configurable?.[RECALL_REVEAL_KEY] === deps.revealToken;
      const fused = reveal ? await Promise.all(state.fused.map(async (entry) => ({ ...entry, item: await deps.store.revealItem(entry.item) }))) : state.fused;
      const citeSources = state.citeSources ?? deps.citeSources ?? true;
      const lines = new Map<MemoryItem, PackLine>(); // each line formatted and counted once across the budgets
      // Graph input (Studio, `Engram.graphs.recall`) skips the facade's validation: an invalid share falls back to the default.
      const share = RelationShareSchema.safeParse(state.relationShare ?? deps.relationShare ?? DEFAULT_RELATION_SHARE);
      const relations = { relations: relationsForSection(state.triplets ?? []), relationShare: share.success ? share.data : DEFAULT_RELATION_SHARE };
      const pack = (tokenBudget: number, decisions?: RecallExplain["packing"]) => packContext(state.core, fused, { tokenBudget, revealSecrets: reveal, citeSources, lines, decisions, query: String(state.query ?? ""), ...relations });
      const extra = state.extraTokenBudgets ? { extraPacked: state.extraTokenBudgets.map((budget) => pack(budget)) } : {};
      if (!state.explained) return { packed: pack(state.tokenBudget), ...extra };
      const packing: RecallExplain["packing"] = [];
      return { packed: pack(state.tokenBudget, packing), ...extra, explained: { ...state.explained, packing } };
    },
  };
}

/**
 * Runs the recall nodes one after the other as the compiled graph does (each node's update merged
 * into the state, `warnings` appended), without LangGraph's per-node run setup (callbacks, run
 * trees): the same output as `createRecallGraph(deps).invoke(input, config)` for the facade's plain
 * recall. An abort of `config.signal` rejects with the signal's reason at once, as the compiled
 * graph does (the node running then finishes unobserved); LangGraph Studio and recall explain keep
 * the compiled graph.
 */
export async function runRecallNodes(nodes: RecallNodes, input: Partial<RecallStateType>, config: RecallNodeConfig = {}): Promise<RecallStateType> {
  let state = { ...input, warnings: input.warnings ?? [] } as RecallStateType;
  for (const node of [nodes.activeRetrieval, nodes.search, nodes.fuse, nodes.pack]) {
    config.signal?.throwIfAborted();
    const update = await untilAborted<Partial<RecallStateType>>(node(state, config), config.signal);
    state = { ...state, ...update, warnings: update.warnings ? [...state.warnings, ...update.warnings] : state.warnings };
  }
  config.signal?.throwIfAborted();
  return state;
}

/** The user's core items valid at `asOf`, from the cache when it holds them. */
async function listValidCore(deps: RecallGraphDependencies, userId: string, asOf: string): Promise<MemoryItem[]> {
  const cached = deps.cache ? await deps.cache.items("core", userId) : null;
  if (!cached) return deps.store.listItems("core", userId, { filter: validAt(asOf) });
  return cached.filter((item) => item.valid_to === null || item.valid_to > asOf).map(withoutVector);
}
