import type { MemoryItem } from "../schema/memory-item";
import type { MemoryType } from "../schema/memory-type";
import type { LlmUsage } from "../models/model-usage";
import type { RankedList } from "./search-memories";

/** Options of `Engram.recall`. */
export interface RecallOptions {
  /** Most tokens (cl100k_base, js-tiktoken) the formatted context may use. @default 1500 */
  tokenBudget?: number;
  /** Latest conversation turns, oldest first; active retrieval derives topics from them too. */
  recentTurns?: string[];
  /** Memory types to search. @default all six */
  types?: MemoryType[];
  /** Evaluate validity at this time (ISO); items with `valid_to` before it are left out. @default now */
  asOf?: string;
  /**
   * Show high-sensitivity knowledge-vault values in the context and items, decrypted. Otherwise
   * they appear only as their caption and `[withheld]`, and `item.secret` stays sealed.
   * @default false
   */
  revealSecrets?: boolean;
  /**
   * More budgets to pack from the same search and fusion (cl100k_base tokens): each gives the
   * context a separate recall at that budget would give, in `extraContexts`, for the cost of
   * one packing. @default none
   */
  extraTokenBudgets?: number[];
  /**
   * Also return {@link RecallResult.explain}: every search list, the fused order and each packing
   * decision at `tokenBudget`. Off, recall collects none of it. @default false
   */
  explain?: boolean;
  /** Also recall archived items (see `EngramOptions.retention`). @default false */
  includeArchived?: boolean;
  /**
   * Add the graph memory's lists (items behind the relations of the entities the query names, and
   * one more hop) to fusion. @default `EngramOptions.graphRecall` (true)
   */
  graph?: boolean;
  /**
   * End every context line with its source message ids (`[D1:3]`). Off, lines carry no ids (about
   * a fifth of a LoCoMo context's tokens go to them) and each {@link RecalledItem} still lists its
   * `sources`. @default true
   */
  citeSources?: boolean;
  /**
   * Add the raw-turn list to fusion: a BM25 search of the user's stored messages, each turn found
   * stood for by the items citing it, or by the turn itself (`Speaker: text`, its message id as
   * source) when no recallable item cites it. @default `EngramOptions.turnRecall` (true)
   */
  turns?: boolean;
  /**
   * Share of `tokenBudget` held back from items for the context's `## Entities and relations`
   * section: the graph search's best relations whose source messages no packed item cites, one
   * line each (docs/architecture.md, "Graph memory"). 0: no section. Never packed when `graph` is
   * false or the query links no entity. Between 0 and 0.5. @default `EngramOptions.relationShare`
   */
  relationShare?: number;
  /**
   * Count this recall as a use of the items it packs: their `access_count` rises by one and
   * `last_accessed_at` becomes now (written in batches, `Engram.flushAccess`), which the forgetting
   * curve reads, so later recalls rank them by retention with that use. false: nothing is noted (a
   * warm-up or preview recall that no agent answered from leaves every later recall as it was);
   * a recall that called a model still records its run (usage). @default true
   */
  noteAccess?: boolean;
  signal?: AbortSignal;
}

/** Why packing took or left a candidate (see {@link RecallExplain.packing}). */
export type PackingDecision =
  /** In the context. */
  | "packed"
  /** Every source message already behind a packed item. */
  | "covered"
  /** Did not fit the tokens left. */
  | "budget"
  /** A core item beyond the core share of the budget. */
  | "core_cap"
  /** A core item about a person the query does not name, when it names another person core items are about. */
  | "unnamed"
  /** Fitted at first, removed when the rendered context was trimmed to the budget. */
  | "trimmed";

/**
 * How one recall reached its context (`RecallOptions.explain`), for finding where an item was
 * lost: the search lists, their fusion and the packing decisions. Ranks are 0-based.
 */
export interface RecallExplain {
  /** Each search method's ranking across tables, as fusion sees it: item ids best first. */
  methods: { method: RankedList["method"]; ids: string[] }[];
  /** Fused candidates, best first, after removing text duplicates: fused score (higher is better), type, source message ids and stored text. */
  fused: { id: string; score: number; type: MemoryType; sources: string[]; text: string }[];
  /** Items fusion dropped because a better-ranked item (`keptId`) has the same normalized text. */
  duplicates: { id: string; keptId: string }[];
  /** Every candidate packing looked at, in the order it looked (core first); candidates after the last are never reached. */
  packing: { id: string; decision: PackingDecision }[];
  /** The time range the query pointed at (ISO), which the `time` list searched; null without one. */
  timeRange: { start: string; end: string } | null;
}

/** The context packed at one of `RecallOptions.extraTokenBudgets`. */
export interface ExtraRecallContext {
  tokenBudget: number;
  context: string;
  /** Tokens in `context` (cl100k_base). */
  tokens: number;
  items: RecalledItem[];
  relations: RecalledRelation[];
}

/** What active retrieval derived from the query and recent turns. */
export interface RecallTopics {
  /** Content keywords, stemmed. */
  keywords: string[];
  /** People, places and organisations named. */
  entities: string[];
  /** Words the query's words expand to (`recall/expand-query.ts`), added to the full-text search at a lower weight; absent with expansion off. */
  expansions?: string[];
  /** A time range the query points at (ISO, inclusive), when it names one. */
  timeRange: { start: string; end: string } | null;
  /** The text searched (query plus recent turns). */
  searchText: string;
}

/** One memory item in the recalled context. */
export interface RecalledItem {
  id: string;
  type: MemoryType;
  /** The line shown in the context for this item (without its date and source prefix). */
  text: string;
  /** Message ids the item was drawn from. */
  sources: string[];
  /** Fused score: a similarity, higher is better, not calibrated across queries. */
  score: number;
  /** The stored item; for a raw turn (`RecallOptions.turns`), an episodic item made for the recall, id `turn:<message id>`, never stored. */
  item: MemoryItem;
}

/** One relation line in the recalled context's `## Entities and relations` section. */
export interface RecalledRelation {
  /** The relation's id in the `relations` table. */
  id: string;
  /** The line shown for the relation, without date and sources: its sentence, `Melanie does pottery`. */
  text: string;
  subject: string;
  /** snake_case label, e.g. `does_activity`. */
  predicate: string;
  object: string;
  /** Message ids the relation was drawn from (the line is a statement of each). */
  sources: string[];
  /** When the relation started to hold (ISO): the time of the first message that stated it. */
  valid_from: string;
  /** The graph search's relevance to the query (cosine similarity plus cue and hop terms); higher is better. */
  score: number;
  /** 1: touches an entity the query names; 2: one more hop. */
  hop: 1 | 2;
}

/** Result of `Engram.recall`. */
export interface RecallResult {
  /** The formatted context: `## Core memory`, a timeline of events, facts, procedures and resources under day headings, `## Knowledge vault` (docs/architecture.md, "Recall: active retrieval"); each line with (unless `citeSources` is false) its source ids. */
  context: string;
  /** Tokens in `context` (cl100k_base). Never above the budget, unless core memory alone exceeds it. */
  tokens: number;
  /** Items in the context, in context order. */
  items: RecalledItem[];
  /** Relations in the context's `## Entities and relations` section, in context order (empty without one). */
  relations: RecalledRelation[];
  topics: RecallTopics;
  /** Wall time of the recall, milliseconds. */
  durationMs: number;
  /** Model calls of the recall (the topic call), tokens and time per node; zeros offline. */
  llm?: LlmUsage;
  /** Recoverable problems, e.g. a failed topic call replaced by offline topics. */
  warnings?: string[];
  /** One context per `RecallOptions.extraTokenBudgets` entry, in that order; absent without them. */
  extraContexts?: ExtraRecallContext[];
  /** How the context was reached; only with `RecallOptions.explain`. */
  explain?: RecallExplain;
}
