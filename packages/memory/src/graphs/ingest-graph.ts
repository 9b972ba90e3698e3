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
import { untilAborted } from "./with-child-signal";

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

/** The reducer of `actions`: each agent sets its own type's counts. */
const mergeActions = (left: ActionsByType, right: ActionsByType): ActionsByType => ({ ...left, ...right });
/** The reducer of `modelCalls` and `warnings`: each node's entries appended. */
const append = <T>(left: T[], right: T[]): T[] => [...left, ...right];

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
  actions: Annotation<ActionsByType>({ reducer: mergeActions, default: () => ({}) }),
  startedAt: Annotation<number>,
  durationMs: Annotation<number>,
  /** Every model request of the run, in the order they finished. */
  modelCalls: Annotation<ModelCallRecord[]>({ reducer: append, default: () => [] }),
  /** Model usage of the run, in total and per node (set by `finish`). */
  llm: Annotation<LlmUsage>,
  /** Recoverable problems of the run. */
  warnings: Annotation<string[]>({ reducer: append, default: () => [] }),
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
  return compileIngestGraph(ingestNodes(deps));
}

/**
 * The compiled ingest graph (`graph`, for LangGraph Studio and `Engram.graphs`) and `run`, the
 * facade's batch ingest: {@link runIngestNodes} over the same nodes (the same output, without
 * LangGraph's per-node run setup on each of the ten or so node runs of every batch).
 */
export function createIngestRunner(deps: IngestGraphDependencies) {
  const nodes = ingestNodes(deps);
  return {
    graph: compileIngestGraph(nodes),
    run: (input: Partial<IngestStateType>, config: IngestRunConfig): Promise<IngestStateType> => runIngestNodes(nodes, input, config),
  };
}

/** One batch through the ingest nodes: the `run` of {@link createIngestRunner}. */
export type IngestRun = ReturnType<typeof createIngestRunner>["run"];

/** The ingest graph's nodes (see {@link createIngestGraph}); {@link runIngestNodes} runs them without LangGraph. */
export type IngestNodes = ReturnType<typeof ingestNodes>;

/** The node functions of the ingest graph over `deps`, and `agentRuns`, the agents a drafted state goes to (the graph's `Send`s). */
export function ingestNodes(deps: IngestGraphDependencies) {
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

  /** The agents of the types the batch touched, each with its input, in graph order (none: straight to `finish`). */
  const agentRuns = (state: IngestStateType): [AgentNode, IngestStateType][] => {
    const touched = MEMORY_TYPES.filter((type) => (state.drafts[type]?.length ?? 0) > 0);
    const runs = touched.map((type): [AgentNode, IngestStateType] => [AGENT_NODE[type], { ...state, agentType: type }]);
    if ((state.drafts.graph?.length ?? 0) > 0) runs.push(["graphAgent", state]);
    return runs;
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

  const agents: Record<AgentNode, (state: IngestStateType, config: IngestRunConfig) => Promise<Partial<IngestStateType>>> = {
    coreAgent: memoryAgent("core"),
    episodicAgent: memoryAgent("episodic"),
    semanticAgent: memoryAgent("semantic"),
    proceduralAgent: memoryAgent("procedural"),
    resourceAgent: memoryAgent("resource"),
    knowledgeVaultAgent: memoryAgent("knowledge_vault"),
    graphAgent,
  };
  return { normalize, metaManager, agentRuns, agents, finish };
}

/** The graph of `nodes`: `normalize` → `metaManager` → a `Send` per agent run → `finish`. */
function compileIngestGraph(nodes: IngestNodes) {
  const routeToAgents = (state: IngestStateType) => {
    const runs = nodes.agentRuns(state);
    return runs.length === 0 ? "finish" : runs.map(([node, input]) => new Send(node, input));
  };
  return new StateGraph(IngestState)
    .addNode("normalize", nodes.normalize)
    .addNode("metaManager", nodes.metaManager)
    .addNode("coreAgent", nodes.agents.coreAgent)
    .addNode("episodicAgent", nodes.agents.episodicAgent)
    .addNode("semanticAgent", nodes.agents.semanticAgent)
    .addNode("proceduralAgent", nodes.agents.proceduralAgent)
    .addNode("resourceAgent", nodes.agents.resourceAgent)
    .addNode("knowledgeVaultAgent", nodes.agents.knowledgeVaultAgent)
    .addNode("graphAgent", nodes.agents.graphAgent)
    .addNode("finish", nodes.finish)
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

/**
 * Runs the ingest nodes as the compiled graph does, without LangGraph's per-node run setup
 * (callbacks, LangSmith run trees, async-local context, a deep copy of the state for every `Send`):
 * each node's update merged into the state by the graph's reducers, the agents of `agentRuns` at once
 * and their updates merged in that order, as one graph step merges its tasks' writes. When an agent
 * fails, the others' signal aborts and its error is thrown once they have all settled (LangGraph's
 * step does the same); an abort of `config.signal` rejects with the signal's reason at once.
 * LangGraph Studio and `Engram.graphs.ingest` keep the compiled graph.
 */
export async function runIngestNodes(nodes: IngestNodes, input: Partial<IngestStateType>, config: IngestRunConfig = {}): Promise<IngestStateType> {
  let state = withUpdate({ actions: {}, modelCalls: [], warnings: [] } as unknown as IngestStateType, input);
  state = withUpdate(state, await runStep(() => nodes.normalize(state, config), config.signal));
  state = withUpdate(state, await runStep(() => nodes.metaManager(state, config), config.signal));
  const runs = nodes.agentRuns(state);
  if (runs.length > 0) state = (await runStep(() => runAgents(nodes.agents, runs, config), config.signal)).reduce(withUpdate, state);
  state = withUpdate(state, await runStep(() => nodes.finish(state, config), config.signal));
  config.signal?.throwIfAborted();
  return state;
}

/** `work()` unless `signal` has aborted, and its result, or a rejection with the signal's reason as soon as it aborts. */
function runStep<T>(work: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  signal?.throwIfAborted();
  return untilAborted(work(), signal);
}

/**
 * Runs the agents of `runs` at once, as one graph step runs its tasks, and gives their updates in
 * `runs`' order: the first agent to fail aborts the others' signal, and its error is thrown once they
 * have all settled.
 */
async function runAgents(agents: IngestNodes["agents"], runs: [AgentNode, IngestStateType][], config: IngestRunConfig): Promise<Partial<IngestStateType>[]> {
  const failed = new AbortController();
  const signal = config.signal ? AbortSignal.any([config.signal, failed.signal]) : failed.signal;
  let failure: { error: unknown } | undefined;
  const settled = await Promise.allSettled(
    runs.map(async ([node, input]) => {
      try {
        return await agents[node](input, { ...config, signal });
      } catch (error) {
        if (!failure) {
          failure = { error };
          failed.abort();
        }
        throw error;
      }
    }),
  );
  if (failure) throw failure.error;
  return settled.map((result) => (result as PromiseFulfilledResult<Partial<IngestStateType>>).value);
}

/** `state` with a node's `update` merged in as the graph's channels merge it: `actions`, `modelCalls` and `warnings` by their reducers, any other key replaced. */
function withUpdate(state: IngestStateType, update: Partial<IngestStateType>): IngestStateType {
  return {
    ...state,
    ...update,
    actions: update.actions ? mergeActions(state.actions, update.actions) : state.actions,
    modelCalls: update.modelCalls ? append(state.modelCalls, update.modelCalls) : state.modelCalls,
    warnings: update.warnings ? append(state.warnings, update.warnings) : state.warnings,
  };
}

type AgentOrFinish = "coreAgent" | "episodicAgent" | "semanticAgent" | "proceduralAgent" | "resourceAgent" | "knowledgeVaultAgent" | "graphAgent" | "finish";

/** A memory agent's node name (the graph agent's included). */
type AgentNode = Exclude<AgentOrFinish, "finish">;
