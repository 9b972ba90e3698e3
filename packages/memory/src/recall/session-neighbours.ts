import { isDerived } from "../consolidate/consolidation-change";
import type { MemoryItem } from "../schema/memory-item";
import type { StoredMessage } from "../schema/message";
import type { MemoryStore } from "../store/memory-store";
import type { FusedItem } from "./fuse-ranked-lists";
import { itemsCiting } from "./search-graph";
import type { UserItemsCache } from "./user-items-cache";

/** Options of {@link addSessionNeighbours}. */
export interface SessionNeighboursOptions {
  userId: string;
  /** Items whose `valid_to` is at or before this ISO time are left out. */
  asOf: string;
  /** How many of the best fused items get their neighbours. @default 5 */
  hits?: number;
  /** How many of the best fused items get the turn after them when their turn asks a question (its answer). @default 20 (dev recall@1500 at 10, 20, 30, 40: 0.883, 0.891, 0.884, 0.880; chosen on the dev set) */
  questionHits?: number;
  /** Archived items may be neighbours too. @default false */
  includeArchived?: boolean;
}

/**
 * Session neighbours of strong hits: after each of the `hits` best fused episodic items, the
 * episodic items of the messages right before and after its source messages in the same session
 * (by arrival order, `seq`), scored just below the hit, and the events of the turn two on when
 * it is the hit speaker's reply to a question another speaker asked between, all in the hit's
 * session ("I went to a poetry reading" → "What was it about?" → "Trans stories"; dev evidence
 * recall@1500 0.891 to 0.899; the question's subject is not checked, see `repliesTwoOn`), and the
 * events of the turn three on when that reply asks a question in turn (its answer: "My store has
 * been a roller coaster" → "How's it going?" → "Going good. Any tips on running a biz?" → "Brand
 * identity is key"). A question's
 * answer often sits in the turn next to the one that matches its words ("What did you paint?" → "A
 * sunset over the lake").
 * Deeper, among the `questionHits` best, an episodic hit whose turn asks a question gets the
 * events of the turn right after it (its answer) behind it: a turn that asks tells little, and a
 * reply tells its subject rarely, so the answer is found through its question. On the LoCoMo dev
 * set (`pnpm bench --explain`) evidence recall@1500 went from 0.875 to 0.891 (conv-30's gain over
 * BM25 +0.164 to +0.196), tokens unchanged (docs/architecture.md, "Recall: active retrieval").
 * An item already ranked lower moves up; one ranked higher stays where it is, and so does any of
 * the hits looked at (it ranks high already: moving it behind the question hit measured the same
 * recall and coverage 0.001 lower), while the other events of its turn still move. Only an event
 * of one turn brings its answer (a summary citing many turns brings none), and a question mark
 * counts where it ends a word (not inside a link or inline code; fullwidth `？` too).
 *
 * @returns the fused list with the neighbours inserted; the input list when no hit has one.
 */
export async function addSessionNeighbours(fused: FusedItem[], options: SessionNeighboursOptions, deps: { store: MemoryStore; cache?: UserItemsCache }): Promise<FusedItem[]> {
  const hits = options.hits ?? 5;
  const top = fused.slice(0, Math.max(hits, options.questionHits ?? 20)).filter(({ item }) => item.type === "episodic");
  if (top.length === 0) return fused;
  const lookup = await messageLookup(options.userId, deps);
  const hitMessages = await lookup.byIds([...new Set(top.flatMap(({ item }) => item.sources))]);
  const strong = new Set(fused.slice(0, hits).map(({ item }) => item.id));
  const strongMessages = new Set(top.filter(({ item }) => strong.has(item.id)).flatMap(({ item }) => item.sources));
  // Seqs each hit wants: both sides for a strong hit; the next turn for an event of one turn that asks a
  // question (not for a summary citing many turns: it would pull in the answer to each of them).
  const aroundOf = (item: MemoryItem): number[] => {
    const messages = item.sources.map((source) => hitMessages.get(source)).filter((message): message is StoredMessage => message !== undefined);
    const asks = item.sources.length === 1 && !isDerived(item);
    // A strong hit also wants the turn two on: its answer when the turn between asks (kept below only then);
    // and the turn three on: the answer to that reply when it asks in turn (kept below only then).
    const seqs = strong.has(item.id) ? messages.flatMap(({ seq }) => [seq - 1, seq + 1, seq + 2, seq + 3]) : asks ? messages.filter(asksQuestion).map(({ seq }) => seq + 1) : [];
    return [...new Set(seqs)].filter((seq) => seq >= 0).sort((a, b) => a - b);
  };
  const around = new Map(top.map(({ item }) => [item.id, aroundOf(item)]));
  const wanted = new Map<number, string>();
  for (const { item } of top) {
    const own = item.sources.map((source) => hitMessages.get(source)).filter((message): message is StoredMessage => message !== undefined);
    for (const seq of around.get(item.id)!) {
      const session = (own.find((message) => message.seq !== seq && Math.abs(message.seq - seq) <= 2) ?? own.find((message) => message.seq === seq - 3))?.session_id;
      if (session !== undefined) wanted.set(seq, session);
    }
  }
  const listed = await lookup.atSeqs([...wanted.keys()]);
  const listedBySeq = new Map(listed.map((message) => [message.seq, message]));
  const neighbourBySeq = new Map(listed.filter((message) => wanted.get(message.seq) === message.session_id && !strongMessages.has(message.id)).map((message) => [message.seq, message.id]));
  if (neighbourBySeq.size === 0) return fused;

  const neighbourIds = new Set(neighbourBySeq.values());
  const episodic = await itemsCiting("episodic", [...neighbourIds], options, deps);
  const itemsOfMessage = new Map<string, MemoryItem[]>();
  for (const item of episodic) {
    for (const source of item.sources) if (neighbourIds.has(source)) itemsOfMessage.set(source, [...(itemsOfMessage.get(source) ?? []), item]);
  }

  // A neighbour that is itself one of the hits looked at stays where it ranks; its turn's other events still move.
  const topIds = new Set(top.map(({ item }) => item.id));
  const inserted = new Map<string, FusedItem[]>();
  for (const { item, score } of top) {
    const ownBySeq = new Map(item.sources.flatMap((source) => (hitMessages.has(source) ? [[hitMessages.get(source)!.seq, hitMessages.get(source)!] as const] : [])));
    // A turn next to the hit, two on when it is the hit speaker's reply to a question asked between,
    // or three on when that reply asks a question in turn (its answer, in the hit's session).
    const repliedTwoOn = (seq: number) => repliesTwoOn(ownBySeq.get(seq - 2), listedBySeq.get(seq - 1), listedBySeq.get(seq));
    const answersReply = (seq: number) => {
      const reply = listedBySeq.get(seq - 1);
      return !ownBySeq.has(seq - 1) && !ownBySeq.has(seq - 2) && reply !== undefined && repliedTwoOn(seq - 1) && asksQuestion(reply) && listedBySeq.get(seq)?.session_id === reply.session_id;
    };
    const kept = around.get(item.id)!.filter((seq) => ownBySeq.has(seq - 1) || ownBySeq.has(seq + 1) || repliedTwoOn(seq) || answersReply(seq));
    const near = kept.flatMap((seq) => (itemsOfMessage.get(neighbourBySeq.get(seq) ?? "") ?? []).filter((neighbour) => !topIds.has(neighbour.id)));
    inserted.set(item.id, near.map((neighbour) => ({ item: neighbour, score: score * 0.99 })));
  }
  const seen = new Set<string>();
  const result: FusedItem[] = [];
  for (const entry of fused) {
    if (seen.has(entry.item.id)) continue;
    seen.add(entry.item.id);
    result.push(entry);
    for (const neighbour of inserted.get(entry.item.id) ?? []) {
      if (seen.has(neighbour.item.id)) continue;
      seen.add(neighbour.item.id);
      result.push(neighbour);
    }
  }
  return result;
}

/**
 * Whether `reply` answers, for the speaker of `hit`, the question `asking` put between them: both
 * turns in the hit's session, `asking` by another speaker and asking something, `reply` by the hit's
 * speaker and stating something (not only asking: "Anything else I can help with?" → "What's a good
 * pasta recipe?" starts a new subject). Nothing checks that the question is about the hit's subject.
 */
function repliesTwoOn(hit: StoredMessage | undefined, asking: StoredMessage | undefined, reply: StoredMessage | undefined): boolean {
  if (!hit || !asking || !reply || asking.session_id !== hit.session_id || reply.session_id !== hit.session_id) return false;
  return asking.speaker !== hit.speaker && reply.speaker === hit.speaker && asksQuestion(asking) && /\p{L}/u.test(withoutQuestions(reply.content));
}

/** `content` without links, inline code and the clauses that end in a question mark (fullwidth too). */
function withoutQuestions(content: string): string {
  return withoutLinks(content).replace(/[^.!?？。\n]*[?？]+(?=\s|$|["'”’)\]])/gu, " ");
}

/** `content` with links and inline code blanked: a "?" inside them asks nothing. */
function withoutLinks(content: string): string {
  return content.replace(/\bhttps?:\/\/\S+|`[^`]*`/g, " ");
}

/**
 * A turn that asks something, anywhere in it (`What concert was it? The advocacy event was a cool
 * experience`): the turn after it most often answers. Counting only turns that end in a question
 * measured recall@1500 0.886 and coverage 0.831, against 0.891 and 0.833.
 */
function asksQuestion(message: StoredMessage): boolean {
  // A question mark ends a word or clause (fullwidth too), not one inside a link's query or inline code.
  return /[?？](?=\s|$|["'”’)\]])/u.test(withoutLinks(message.content));
}

interface MessageLookup {
  byIds(ids: string[]): Promise<Map<string, StoredMessage>>;
  /** The messages at `seqs` (one store query without the cache). */
  atSeqs(seqs: number[]): Promise<StoredMessage[]>;
}

/** Indexes of a cached message list, built once per list (a list is replaced, never changed, when the table moves). */
const indexes = new WeakMap<readonly StoredMessage[], { byId: Map<string, StoredMessage>; bySeq: Map<number, StoredMessage> }>();

/** Message look-ups from the user's cached messages when the cache holds them, else store queries. */
async function messageLookup(userId: string, deps: { store: MemoryStore; cache?: UserItemsCache }): Promise<MessageLookup> {
  const cached = deps.cache ? await deps.cache.messages(userId) : null;
  if (!cached) {
    return { byIds: (ids) => deps.store.findMessages(userId, ids), atSeqs: async (seqs) => (seqs.length === 0 ? [] : deps.store.listMessages(userId, { seqs })) };
  }
  let index = indexes.get(cached);
  if (!index) {
    index = { byId: new Map(cached.map((message) => [message.id, message])), bySeq: new Map(cached.map((message) => [message.seq, message])) };
    indexes.set(cached, index);
  }
  const { byId, bySeq } = index;
  return {
    byIds: async (ids) => new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : []))),
    atSeqs: async (seqs) => seqs.flatMap((seq) => (bySeq.has(seq) ? [bySeq.get(seq)!] : [])),
  };
}
