import { Annotation, END, Send, START, StateGraph } from "@langchain/langgraph";
import type { Embedder } from "../embed/embedder";
import { emptyActionCounts, reconcileCandidates } from "../ingest/reconcile";
import { normalizeIngestInput } from "../ingest/normalize-messages";
import type { DraftedCandidates, IngestPolicy } from "../ingest/ingest-policy";
import type { ReconcileAction } from "../ingest/add-types";
import { MEMORY_TYPES, type MemoryType } from "../schema/memory-type";
import type { MessageInput, StoredMessage } from "../schema/message";
import { parseScopeInput, type Scope } from "../schema/scope";
import type { MemoryStore } from "../store/memory-store";
import { summarizeModelCalls, type LlmUsage, type ModelCallRecord } from "../models/model-usage";
import { ModelOutputError } from "../errors/engram-error";
import type { CollisionResolver } from "../ingest/collision-resolver";
import type { UserItemsCache } from "../recall/user-items-cache";
import { writeGraph } from "../graph/write-graph";
import type { BatchWriter } from "../ingest/ingest-write-buffer";

/** Dependencies of the ingest graph, injected once when it is built. */
export interface IngestGraphDependencies {
  store: MemoryStore;
  embedder: Embedder;
  policy: IngestPolicy;
  /** Current time as ISO string. */
  now: () => string;
  newId: () => string;
  /** Small per-user tables kept in process for reconciliation; LanceDB is queried per candidate without it. */
  cache?: UserItemsCache;
}

/** Node name of each memory type's agent, as shown in LangGraph Studio. */
export const AGENT_NODE: Record<MemoryType, Exclude<AgentOrFinish, "finish">> = {
  core: "coreAgent",
  episodic: "episodicAgent",
  semantic: "semanticAgent",
  procedural: "proceduralAgent",
  resource: "resourceAgent",
  knowledge_vault: "knowledgeVaultAgent",
};

/** Per-run settings passed in LangGraph's `configurable`. */
export interface IngestRunConfig {
  signal?: AbortSignal;
  configurable?: {
    /** Receives every model request of the run as it finishes, also when the run then fails. */
    onModelCall?: (record: ModelCallRecord) => void;
    /** Buffered writes of `Engram.add` (see `IngestWriteBuffer`): the agents and `finish` write through it instead of the store. */
    writer?: BatchWriter;
    /**
     * The batch's messages as the store holds them (`findMessages` of the caller, under the user's
     * write lock): `normalize` takes them from here instead of reading the store again.
     */
    storedMessages?: ReadonlyMap<string, StoredMessage>;
  };
}

type ActionsByType = Partial<Record<MemoryType, Record<ReconcileAction, number>>>;

/** State of one ingest run (one batch of messages). */
export const IngestState = Annotation.Root({
  /** Messages as the caller passed them. */
  input: Annotation<MessageInput[]>,
  scope: Annotation<Scope>,
  /** Messages newly stored by `normalize`. */
  messages: Annotation<StoredMessage[]>,
  /** Earlier messages of the same user, oldest first (a few), shown to the policy for context. */
  previousMessages: Annotation<StoredMessage[]>,
  /** Messages skipped as already stored. */
  skipped: Annotation<number>,
  /** Candidates per type drafted by the meta-manager. */
  drafts: Annotation<Partial<DraftedCandidates>>,
  /** The type an agent invocation (a `Send`) works on. */
  agentType: Annotation<MemoryType | undefined>,
  actions: Annotation<ActionsByType>({ reducer: (left, right) => ({ ...left, ...right }), default: () => ({}) }),
  startedAt: Annotation<number>,
  durationMs: Annotation<number>,
  /** Every model request of the run, in the order they finished. */
  modelCalls: Annotation<ModelCallRecord[]>({ reducer: (left, right) => [...left, ...right], default: () => [] }),
  /** Model usage of the run, in total and per node (set by `finish`). */
  llm: Annotation<LlmUsage>,
  /** Recoverable problems of the run. */
  warnings: Annotation<string[]>({ reducer: (left, right) => [...left, ...right], default: () => [] }),
  /** Why the batch was drafted by the offline policy instead of the model, or null. */
  fallback: Annotation<string | null>,
});
export type IngestStateType = typeof IngestState.State;

/**
 * Builds the ingest graph (docs/architecture.md, "Ingest"): `normalize` → `metaManager` → `Send` to the memory
 * agents the batch touches, in parallel → `finish`.
 *
 * Input state: `{ input: MessageInput[], scope: Scope }`, or `{ input: [], messages, scope }` to
 * process messages already stored (pending ones). Output adds `messages`, `skipped`, `actions`
 * (reconciliation counts per type), `llm` (model calls, tokens and time per node), `warnings`,
 * `fallback` and `durationMs`. A model failure propagates (the messages stay pending).
 */
export function createIngestGraph(deps: IngestGraphDependencies) {
  const normalize = async (state: IngestStateType, config: IngestRunConfig) => {
    if ((state.input ?? []).length === 0 && (state.messages ?? []).length > 0) {
      // Prepared (pending) messages: processed only as the store holds them for this user, never as passed.
      const scope = parseScopeInput(state.scope);
      const ids = state.messages.map((message) => String(message?.id));
      const stored = config.configurable?.storedMessages ?? (await deps.store.findMessages(scope.user_id, ids));
      const messages = state.messages.map((message) => stored.get(String(message?.id))).filter((message) => message !== undefined && message.processed_at === null);
      return { scope, messages: messages as StoredMessage[], skipped: state.messages.length - messages.length, startedAt: Date.now(), fallback: null };
    }
    // The same code as `Engram.add` (the scope parsed again for runs from LangGraph Studio, `POST /runs`).
    const result = await normalizeIngestInput(state.input, state.scope, deps);
    return { scope: result.scope, messages: result.stored, skipped: result.skipped, startedAt: Date.now(), fallback: null };
  };

  /** What history rows name as the cause of this batch's changes: the policy, or the offline fallback it fell back to. */
  const causeOf = (state: IngestStateType) => (state.fallback === null ? `ingest:${deps.policy.name}` : `ingest:offline (fallback from ${deps.policy.name})`);

  const metaManager = async (state: IngestStateType, config: IngestRunConfig) => {
    if (state.messages.length === 0) return { drafts: {} };
    const modelCalls: ModelCallRecord[] = [];
    const warnings: string[] = [];
    let fallback: string | null = null;
    const scope = parseScopeInput(state.scope);
    const first = state.messages[0]!;
    const previousMessages =
      (state.previousMessages ?? []).length > 0
        ? state.previousMessages
        : first.seq > 0
          ? await deps.store.listMessages(scope.user_id, { seq: first.seq - 1 })
          : [];
    const drafts = await deps.policy.draft(state.messages, {
      signal: config.signal,
      previousMessages,
      onModelCall: (record) => {
        modelCalls.push(record);
        config.configurable?.onModelCall?.(record);
      },
      onWarning: (warning) => warnings.push(warning),
      onFallback: (reason) => {
        fallback = reason;
        warnings.push(`batch ${state.messages[0]!.id}..${state.messages.at(-1)!.id}: ${reason}`);
      },
    });
    return { drafts, modelCalls, warnings, fallback };
  };

  const routeToAgents = (state: IngestStateType) => {
    const touched = MEMORY_TYPES.filter((type) => (state.drafts[type]?.length ?? 0) > 0);
    const sends: Send[] = touched.map((type) => new Send(AGENT_NODE[type], { ...state, agentType: type }));
    if ((state.drafts.graph?.length ?? 0) > 0) sends.push(new Send("graphAgent", state));
    return sends.length === 0 ? "finish" : sends;
  };

  // Graph memory (docs/architecture.md, "Graph memory"): the batch's relations into entities and relations.
  const graphAgent = async (state: IngestStateType, config: IngestRunConfig) => {
    await writeGraph(state.drafts.graph ?? [], {
      store: deps.store,
      embedder: deps.embedder,
      userId: parseScopeInput(state.scope).user_id,
      now: deps.now(),
      newId: deps.newId,
      cause: causeOf(state),
      signal: config.signal,
      cache: deps.cache,
      writer: config.configurable?.writer,
    });
    return {};
  };

  const memoryAgent = (type: MemoryType) => async (state: IngestStateType, config: IngestRunConfig) => {
    const modelCalls: ModelCallRecord[] = [];
    const warnings: string[] = [];
    const resolver =
      state.fallback === null
        ? deps.policy.reconcileCollisions?.(type, {
            signal: config.signal,
            node: AGENT_NODE[type],
            onModelCall: (record) => {
              modelCalls.push(record);
              config.configurable?.onModelCall?.(record);
            },
          })
        : undefined;
    // Output still invalid after the re-ask: the model-free rule decides (the collisions are added).
    const resolveCollisions: CollisionResolver | undefined =
      resolver &&
      (async (collisions) => {
        try {
          return await resolver(collisions);
        } catch (error) {
          if (!ModelOutputError.isInstance(error)) throw error;
          warnings.push(`${AGENT_NODE[type]}: reconciliation output invalid after a re-ask; ${collisions.length} colliding candidates added without the model`);
          return [];
        }
      });
    const result = await reconcileCandidates(type, state.drafts[type] ?? [], {
      store: deps.store,
      embedder: deps.embedder,
      // Validated again in every node that writes: a caller can jump to any node with `Command({ goto, update })`.
      scope: parseScopeInput(state.scope),
      now: deps.now,
      newId: deps.newId,
      cache: deps.cache,
      cause: causeOf(state),
      signal: config.signal,
      resolveCollisions,
      writer: config.configurable?.writer,
    });
    return { actions: { [type]: result.counts }, modelCalls, warnings };
  };

  const finish = async (state: IngestStateType, config: IngestRunConfig) => {
    const ids = state.messages.map((message) => message.id);
    const writer = config.configurable?.writer;
    if (writer) writer.markProcessed(ids, deps.now());
    else await deps.store.markMessages(parseScopeInput(state.scope).user_id, ids, { processedAt: deps.now() });
    const actions: ActionsByType = {};
    for (const type of MEMORY_TYPES) actions[type] = state.actions[type] ?? emptyActionCounts();
    return { actions, llm: summarizeModelCalls(state.modelCalls), durationMs: Date.now() - state.startedAt };
  };

  return new StateGraph(IngestState)
    .addNode("normalize", normalize)
    .addNode("metaManager", metaManager)
    .addNode("coreAgent", memoryAgent("core"))
    .addNode("episodicAgent", memoryAgent("episodic"))
    .addNode("semanticAgent", memoryAgent("semantic"))
    .addNode("proceduralAgent", memoryAgent("procedural"))
    .addNode("resourceAgent", memoryAgent("resource"))
    .addNode("knowledgeVaultAgent", memoryAgent("knowledge_vault"))
    .addNode("graphAgent", graphAgent)
    .addNode("finish", finish)
    .addEdge(START, "normalize")
    .addEdge("normalize", "metaManager")
    .addConditionalEdges("metaManager", routeToAgents, [...Object.values(AGENT_NODE), "graphAgent", "finish"] as AgentOrFinish[])
    .addEdge("coreAgent", "finish")
    .addEdge("episodicAgent", "finish")
    .addEdge("semanticAgent", "finish")
    .addEdge("proceduralAgent", "finish")
    .addEdge("resourceAgent", "finish")
    .addEdge("knowledgeVaultAgent", "finish")
    .addEdge("graphAgent", "finish")
    .addEdge("finish", END)
    // Stateless: nothing to checkpoint, also when invoked inside a graph that has a checkpointer.
    .compile({ name: "ingest", checkpointer: false });
}

type AgentOrFinish = "coreAgent" | "episodicAgent" | "semanticAgent" | "proceduralAgent" | "resourceAgent" | "knowledgeVaultAgent" | "graphAgent" | "finish";
