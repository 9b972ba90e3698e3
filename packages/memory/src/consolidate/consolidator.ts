import type { EngramLogger } from "../engram-options";
import { BackgroundConsolidation } from "./background-consolidation";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Embedder } from "../embed/embedder";
import { ValidationError } from "../errors/engram-error";
import { parseOrThrow } from "../errors/zod-issues";
import { createConsolidateGraph } from "../graphs/consolidate-graph";
import { MEMORY_TYPES } from "../schema/memory-type";
import type { MemoryType } from "../schema/memory-type";
import { IdSchema } from "../schema/scope";
import type { MemoryStore } from "../store/memory-store";
import type { ChatModel, ModelCallSettings } from "../models/chat-model";
import { summarizeModelCalls, type LlmUsage, type ModelCallRecord } from "../models/model-usage";
import { undoConsolidationOfUser } from "./apply-consolidation";
import { CONSOLIDATION_STEPS, type ConsolidationChange, type ConsolidationStep } from "./consolidation-change";
import { ConsolidationRulesSchema, type ConsolidationRulesInput } from "./consolidation-rules";

/** Options of `Engram.consolidate`. */
export interface ConsolidateOptions {
  /** Only this user. @default every user of the store */
  user?: string;
  /** Plan the pass and report it without writing anything. @default false */
  dryRun?: boolean;
}

/** One change of a pass, as reported (no vectors). */
export interface ConsolidationChangeReport {
  step: ConsolidationStep;
  event: ConsolidationChange["event"];
  userId: string;
  memoryId: string;
  /** The item's type after the change (before it, for a removed item). */
  memoryType: MemoryType;
  /** The item's text after the change (before it, for a removed item). */
  text: string;
  sources: string[];
  /** Whether the item is gone after the change (merged away, or promoted to another type). */
  removed: boolean;
  /** For a removed item: the id of the item that now holds it. */
  into?: string;
  /** For a removed item: the text of the item that now holds it. */
  intoText?: string;
}

/** Result of `Engram.consolidate`. */
export interface ConsolidateResult {
  /** Id of the pass: `undoConsolidation(passId)` reverts it; its history rows have cause `consolidate:<passId>`. */
  passId: string;
  dryRun: boolean;
  /** Users passed over, sorted. */
  users: string[];
  /** Changes per step. */
  counts: Record<ConsolidationStep, number>;
  /** Memory rows (all six tables, the users passed over) before and after the pass (after = before on a dry run's plan applied). */
  rows: { before: number; after: number };
  changes: ConsolidationChangeReport[];
  /** Model calls (one per summarized session, one reflection per user), tokens and time; zeros offline. */
  llm: LlmUsage;
  /** Recoverable problems, e.g. a failed summary call replaced by the extractive summary. */
  warnings: string[];
  /** Wall time, milliseconds. */
  durationMs: number;
}

/** Result of `Engram.undoConsolidation`. */
export interface UndoConsolidationResult {
  passId: string;
  /** Changes undone per user. */
  undone: Record<string, number>;
}

/** What a {@link Consolidator} needs. */
export interface ConsolidatorDependencies {
  store: MemoryStore;
  embedder: Embedder;
  now: () => Date;
  newId: () => string;
  rules?: ConsolidationRulesInput;
  retention: { archiveBelow: number; baseStabilityDays: number };
  /** With a chat model: summaries by the model and one reflection per pass and user. */
  chatModel?: { model: ChatModel; settings: ModelCallSettings };
  /** Called before a pass reads a user's items, e.g. to write pending access counts. */
  beforePass?: () => Promise<void>;
  /** Messages of a user after which `afterAdd` starts a pass in the background; 0 never. @default 0 */
  consolidateEvery?: number;
  /** Where a failed background pass is reported. */
  logger?: EngramLogger;
}

/**
 * Runs consolidation passes (the consolidate graph, once per user, under the user's write lock)
 * and undoes them; what `Engram.consolidate` and `Engram.undoConsolidation` call.
 */
export class Consolidator {
  readonly graph: ReturnType<typeof createConsolidateGraph>;
  private readonly background: BackgroundConsolidation;

  constructor(private readonly deps: ConsolidatorDependencies) {
    const rules = parseOrThrow(ConsolidationRulesSchema, deps.rules ?? {}, "consolidation rules");
    this.graph = createConsolidateGraph({ ...deps, rules });
    this.background = new BackgroundConsolidation(deps.consolidateEvery ?? 0, (user) => this.consolidate({ user }), deps.logger ?? { warn: () => {} });
  }

  /** After `Engram.add` for `userId`: counts its new messages (`consolidateEvery`) and maybe starts a background pass; returns `result` at once. */
  afterAdd<T extends { messages: { stored: number } }>(userId: string, result: T): T {
    this.background.noteIngested(userId, result.messages.stored);
    return result;
  }

  /** Resolves once every background pass started so far has settled. */
  idle(): Promise<void> {
    return this.background.idle();
  }

  /**
   * One pass over one user or every user (docs/architecture.md, "Consolidation and forgetting").
   * @throws ValidationError for an invalid user id.
   */
  async consolidate(options: ConsolidateOptions = {}): Promise<ConsolidateResult> {
    const started = Date.now();
    const users = options.user === undefined ? await this.deps.store.listUserIds() : [parseOrThrow(IdSchema, options.user, "user")];
    const dryRun = options.dryRun === true;
    const passId = randomUUID();
    await this.deps.beforePass?.();
    const changes: ConsolidationChangeReport[] = [];
    const calls: ModelCallRecord[] = [];
    const warnings: string[] = [];
    let before = 0;
    for (const userId of users) {
      before += await this.countRows(userId);
      const output = await this.deps.store.withUserLock(userId, () => this.graph.invoke({ userId, passId, dryRun }));
      const textOf = new Map(output.items.map((item) => [item.id, item.text]));
      changes.push(...output.changes.map((change) => report(userId, change, textOf)));
      calls.push(...(output.llm ?? []));
      warnings.push(...(output.warnings ?? []));
    }
    const counts = Object.fromEntries(CONSOLIDATION_STEPS.map((step) => [step, changes.filter((change) => change.step === step).length])) as ConsolidateResult["counts"];
    const removed = changes.filter((change) => change.removed).length;
    const added = changes.filter((change) => change.event === "ADD").length;
    return { passId, dryRun, users, counts, rows: { before, after: before - removed + added }, changes, llm: summarizeModelCalls(calls), warnings, durationMs: Date.now() - started };
  }

  /**
   * Undoes pass `passId` for every user it changed: the memory tables then hold exactly their rows
   * from before the pass (see `undoConsolidationOfUser`).
   * @throws ValidationError when no user has a change of that pass, it was already undone, or an item it changed changed since.
   */
  async undo(passId: string): Promise<UndoConsolidationResult> {
    const id = parseOrThrow(z.string().min(1), passId, "pass id");
    await this.deps.beforePass?.();
    const undone: Record<string, number> = {};
    for (const userId of await this.deps.store.listUserIds()) {
      const count = await this.deps.store.withUserLock(userId, () => undoConsolidationOfUser({ store: this.deps.store, newId: this.deps.newId, now: () => this.deps.now().toISOString() }, userId, id));
      if (count > 0) undone[userId] = count;
    }
    if (Object.keys(undone).length === 0) throw new ValidationError(`no consolidation pass ${JSON.stringify(id)} changed anything in this store`);
    return { passId: id, undone };
  }

  private async countRows(userId: string): Promise<number> {
    return (await Promise.all(MEMORY_TYPES.map((type) => this.deps.store.count(type, userId)))).reduce((sum, rows) => sum + rows, 0);
  }
}

function report(userId: string, change: ConsolidationChange, textOf: ReadonlyMap<string, string>): ConsolidationChangeReport {
  const item = (change.after ?? change.before)!;
  return { step: change.step, event: change.event, userId, memoryId: item.id, memoryType: item.type, text: item.text, sources: item.sources, removed: change.after === null, ...(change.into ? { into: change.into, intoText: textOf.get(change.into) ?? "" } : {}) };
}
