import { randomUUID } from "node:crypto";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import type { Embedder } from "../embed/embedder";
import { embedAll } from "../embed/embedder";
import { applyConsolidation, passCause, undoCause } from "../consolidate/apply-consolidation";
import { applyToWorking, type ConsolidationChange, type WorkingItems } from "../consolidate/consolidation-change";
import type { ConsolidationRules } from "../consolidate/consolidation-rules";
import { removeCoveredItems } from "../consolidate/covered-items";
import { absorbSmallTalk } from "../consolidate/small-talk";
import { mergeNearDuplicates } from "../consolidate/merge-near-duplicates";
import { promoteRepeatedTopics } from "../consolidate/promote-topics";
import { archiveForgotten, extractiveSummary, sessionSummaryItem, sessionsToSummarize, type SessionToSummarize } from "../consolidate/session-summaries";
import { reflectWithModel, summarizeSessionWithModel, type ConsolidationModel } from "../consolidate/llm-consolidation";
import type { ChatModel, ModelCallSettings } from "../models/chat-model";
import type { ModelCallRecord } from "../models/model-usage";
import { MEMORY_TYPES } from "../schema/memory-type";
import { IdSchema } from "../schema/scope";
import type { MemoryStore, StoredMemoryItem } from "../store/memory-store";

/** Dependencies of the consolidate graph, injected once when it is built. */
export interface ConsolidateGraphDependencies {
  store: MemoryStore;
  embedder: Embedder;
  now: () => Date;
  newId: () => string;
  rules: ConsolidationRules;
  /** Archiving: retention below `archiveBelow` (0: never), curve of base stability `baseStabilityDays` (see `recall/retention.ts`). */
  retention: { archiveBelow: number; baseStabilityDays: number };
  /** With a chat model: one summary call per summarized session and one reflection call per pass and user; offline (extractive, no reflection) without. */
  chatModel?: { model: ChatModel; settings: ModelCallSettings };
}

/** State of one consolidation pass over one user. */
export const ConsolidateState = Annotation.Root({
  userId: Annotation<string>,
  /** Id of the pass (every history row of it has cause `consolidate:<passId>`); drawn when absent. */
  passId: Annotation<string>,
  /** Plan the changes without writing them. @default false */
  dryRun: Annotation<boolean | undefined>,
  /** The user's items (with vectors) as the steps change them. */
  items: Annotation<StoredMemoryItem[]>,
  /** Message id → session id, for items that name no session of their own. */
  sessionOfMessage: Annotation<Record<string, string>>,
  /** Message id → its place in the user's conversation (`seq`), for small talk's neighbours. */
  orderOfMessage: Annotation<Record<string, number>>,
  /** False when no item changed since the user's last pass: only archiving runs then. */
  changedSinceLastPass: Annotation<boolean>,
  /** The pass's changes, in order. */
  changes: Annotation<ConsolidationChange[]>({ reducer: (left, right) => [...left, ...right], default: () => [] }),
  /** Every model request of the pass. */
  llm: Annotation<ModelCallRecord[]>({ reducer: (left, right) => [...left, ...right], default: () => [] }),
  /** Recoverable problems, e.g. a failed summary call replaced by the extractive summary. */
  warnings: Annotation<string[]>({ reducer: (left, right) => [...left, ...right], default: () => [] }),
});
export type ConsolidateStateType = typeof ConsolidateState.State;

const toWorking = (items: readonly StoredMemoryItem[]): WorkingItems => new Map(items.map((item) => [item.id, item]));

/**
 * Builds the consolidate graph (docs/architecture.md, "Consolidation and forgetting"), one pass
 * over one user: `load` (the user's items, and whether any changed since the last pass) →
 * `merge` (near-duplicates of one type, resources an episodic event already says, small talk) →
 * `promote` (topics a speaker mentions across sessions become semantic facts or core lines) → `summarize` (an extractive summary per
 * old session) → `reflect` (insights, chat model only) → `archive` (retention below the threshold)
 * → `apply` (history rows, then the items; nothing written when `dryRun`). Offline no model is
 * called; with `deps.chatModel`, one call per summarized session and one reflection per pass.
 *
 * Input state: `{ userId, passId?, dryRun? }`; output adds `changes`. The caller holds the user's
 * write lock (`Engram.consolidate` does); a second pass right after changes nothing.
 */
export function createConsolidateGraph(deps: ConsolidateGraphDependencies) {
  const nowIso = () => deps.now().toISOString();
  return new StateGraph(ConsolidateState)
    .addNode("load", async (state: ConsolidateStateType) => {
      const userId = IdSchema.parse(state.userId);
      const items = (await Promise.all(MEMORY_TYPES.map((type) => deps.store.listStoredItems(type, userId)))).flat();
      const history = await deps.store.listHistory(userId);
      const undone = new Set(history.filter((row) => row.cause.startsWith(undoCause(""))).map((row) => row.cause.slice(undoCause("").length)));
      const lastPass = history.filter((row) => row.cause.startsWith(passCause("")) && !undone.has(row.cause.slice(passCause("").length))).at(-1)?.created_at;
      const changedSinceLastPass = lastPass === undefined || items.some((item) => item.updated_at > lastPass);
      const messages = await deps.store.listMessages(userId);
      const sessionOfMessage = Object.fromEntries(messages.map((message) => [message.id, message.session_id]));
      const orderOfMessage = Object.fromEntries(messages.map((message) => [message.id, message.seq]));
      return { userId, passId: state.passId ?? randomUUID(), items, changedSinceLastPass, sessionOfMessage, orderOfMessage };
    })
    .addNode("merge", async (state: ConsolidateStateType) => {
      if (!state.changedSinceLastPass) return {};
      const working = toWorking(state.items);
      const changes = [...mergeNearDuplicates(working, deps.rules.merge, nowIso()), ...removeCoveredItems(working, deps.rules.coveredMinContainment)];
      if (deps.rules.smallTalkMaxWords > 0) {
        const context = { maxWords: deps.rules.smallTalkMaxWords, sessionOfMessage: new Map(Object.entries(state.sessionOfMessage)), orderOfMessage: new Map(Object.entries(state.orderOfMessage ?? {})), now: nowIso() };
        const folded = absorbSmallTalk(working, context);
        await reembedChanged(folded, deps.embedder);
        changes.push(...folded);
      }
      return { items: [...working.values()], changes };
    })
    .addNode("promote", async (state: ConsolidateStateType) => {
      if (!state.changedSinceLastPass || deps.rules.promoteMaxPerSpeaker === 0) return {};
      const working = toWorking(state.items);
      const context = { minSessions: deps.rules.promoteMinSessions, maxPerSpeaker: deps.rules.promoteMaxPerSpeaker, into: deps.rules.promoteInto, sessionOfMessage: new Map(Object.entries(state.sessionOfMessage)), orderOfMessage: new Map(Object.entries(state.orderOfMessage ?? {})), newId: deps.newId, now: nowIso() };
      const changes = promoteRepeatedTopics(working, context);
      await reembedChanged(changes, deps.embedder);
      return { items: [...working.values()], changes };
    })
    .addNode("summarize", async (state: ConsolidateStateType, config: { signal?: AbortSignal }) => {
      const wanted = deps.rules.summarize === "always" || (deps.rules.summarize === "withModel" && deps.chatModel !== undefined);
      if (!state.changedSinceLastPass || !wanted || deps.rules.summarySentences === 0) return {};
      const working = toWorking(state.items);
      const sessions = sessionsToSummarize(working, { minEvents: deps.rules.summaryMinEvents, afterDays: deps.rules.summaryAfterDays, now: deps.now(), sessionOfMessage: new Map(Object.entries(state.sessionOfMessage)) });
      const llm: ModelCallRecord[] = [];
      const warnings: string[] = [];
      const model = withModel(deps, llm, config.signal);
      const drafts: { session: SessionToSummarize; basis: StoredMemoryItem[]; text: string }[] = [];
      for (const session of sessions) {
        const extractive = extractiveSummary(session, deps.rules.summarySentences);
        let draft = { session, basis: extractive as StoredMemoryItem[], text: `Summary of a session: ${extractive.map((event) => event.text.trim().replace(/[.!?]*$/, ".")).join(" ")}` };
        if (model) {
          try {
            draft = { session, ...(await summarizeSessionWithModel(session, model)) };
          } catch (error) {
            if (config.signal?.aborted) throw error;
            warnings.push(`summary call for session ${session.sessionId} failed, extractive summary used: ${(error as Error).message}`);
          }
        }
        drafts.push(draft);
      }
      const vectors = await embedAll(deps.embedder, drafts.map((draft) => draft.text));
      const changes: ConsolidationChange[] = drafts.map((draft, index) => ({
        step: "summarize",
        event: "ADD",
        before: null,
        after: sessionSummaryItem(draft.session, draft.text, draft.basis, { id: deps.newId(), now: nowIso(), vector: vectors[index]! }),
      }));
      applyToWorking(working, changes);
      if (deps.rules.summaryAbsorbsEvents) {
        const absorbed = changes.flatMap((change, index) => drafts[index]!.basis.map((event): ConsolidationChange => ({ step: "summarize", event: "MERGE", before: event, after: null, into: change.after!.id })));
        changes.push(...applyToWorking(working, absorbed));
      }
      return { items: [...working.values()], changes, llm, warnings };
    })
    .addNode("reflect", async (state: ConsolidateStateType, config: { signal?: AbortSignal }) => {
      const llm: ModelCallRecord[] = [];
      const model = withModel(deps, llm, config.signal);
      if (!state.changedSinceLastPass || !model) return {};
      const working = toWorking(state.items);
      try {
        const insights = await reflectWithModel(working, model, { newId: deps.newId, now: nowIso(), embed: (texts) => embedAll(deps.embedder, texts) });
        const changes: ConsolidationChange[] = insights.map((insight) => ({ step: "reflect", event: "ADD", before: null, after: insight }));
        applyToWorking(working, changes);
        return { items: [...working.values()], changes, llm };
      } catch (error) {
        if (config.signal?.aborted) throw error;
        return { llm, warnings: [`reflection call failed, no insights: ${(error as Error).message}`] };
      }
    })
    .addNode("archive", async (state: ConsolidateStateType) => {
      const working = toWorking(state.items);
      const changes = archiveForgotten(working, deps.retention.archiveBelow, deps.now(), deps.retention.baseStabilityDays);
      return { items: [...working.values()], changes };
    })
    .addNode("apply", async (state: ConsolidateStateType) => {
      if (state.dryRun !== true) await applyConsolidation({ store: deps.store, newId: deps.newId, now: nowIso }, state.passId, state.changes);
      return {};
    })
    .addEdge(START, "load")
    .addEdge("load", "merge")
    .addEdge("merge", "promote")
    .addEdge("promote", "summarize")
    .addEdge("summarize", "reflect")
    .addEdge("reflect", "archive")
    .addEdge("archive", "apply")
    .addEdge("apply", END)
    .compile({ name: "consolidate", checkpointer: false });
}

/** The chat model of `deps` with its calls recorded into `calls`, or undefined offline. */
function withModel(deps: ConsolidateGraphDependencies, calls: ModelCallRecord[], signal?: AbortSignal): ConsolidationModel | undefined {
  return deps.chatModel ? { ...deps.chatModel, signal, onModelCall: (record) => calls.push(record) } : undefined;
}

/** Gives every item a change wrote new (`before` null) or rewrote (another text) the vector of its text, in place. */
async function reembedChanged(changes: readonly ConsolidationChange[], embedder: Embedder): Promise<void> {
  const rewritten = changes.filter((change) => change.after && change.before?.text !== change.after.text).map((change) => change.after!);
  const vectors = await embedAll(embedder, rewritten.map((item) => item.text));
  for (const [index, item] of rewritten.entries()) item.vector = vectors[index]!;
}
