import { slug } from "../text/normalize-text";
import type { CoreItem, SemanticItem } from "../schema/memory-item";
import type { StoredMemoryItem } from "../store/memory-store";
import { nlp } from "../text/nlp-libraries";
import { contentWords, isStopWord, stem } from "../text/words";
import { applyToWorking, isActive, isDerived, isPromotedFact, PROMOTED_KEY, sessionOf, unionSources, type ConsolidationChange, type WorkingItems } from "./consolidation-change";

/**
 * Stems of topics too vague to say anything about a person ("time", "things", "people") and of
 * light verbs whose gerunds compromise tags as topics ("doing", "taking"); never promoted.
 */
const VAGUE_TOPICS = new Set(
  ["time", "thing", "something", "anything", "everything", "nothing", "people", "person", "other", "self", "life", "way", "day", "week", "year", "lot", "bit", "kind", "moment", "place", "part", "stuff", "idea", "one", "back", "key", "sign", "picture", "photo", "pic", "image", "love", "fun", "doing", "making", "taking", "having", "getting", "going", "staying", "starting", "finding", "feeling", "helping", "holding", "looking", "keeping", "trying", "seeing", "thinking", "pushing", "coming"].map(stem),
);

/**
 * Stems of topics about a person's core profile (home, work, family, pets): a promoted fact about
 * one of them is written as a core line of the speaker's block (`human:<Speaker>`) instead of a
 * semantic item.
 */
const PROFILE_TOPICS = new Set(
  ["home", "job", "work", "career", "business", "store", "studio", "family", "fam", "kid", "child", "son", "daughter", "husband", "wife", "partner", "mom", "dad", "mother", "father", "parent", "brother", "sister", "grandma", "grandpa", "pet", "dog", "cat"].map(stem),
);

/** What {@link promoteRepeatedTopics} needs. */
export interface PromoteContext {
  /** Least distinct sessions a speaker must mention a topic in. */
  minSessions: number;
  /** Most promoted facts per speaker (those of earlier passes count), the most salient first. */
  maxPerSpeaker: number;
  /** `core`: every fact a core line of the speaker's block; `semanticUnlessProfile`: a core line only for a profile topic ({@link PROFILE_TOPICS}), else a semantic item. */
  into: "core" | "semanticUnlessProfile";
  /** Message id → session id. */
  sessionOfMessage: ReadonlyMap<string, string>;
  /** Message id → its place in the user's conversation (`seq`): a fact's sources are listed in this order. */
  orderOfMessage: ReadonlyMap<string, number>;
  newId: () => string;
  now: string;
}

interface Topic {
  actor: string;
  /** `slug(actor)`: the speaker a topic is keyed and counted by. */
  speaker: string;
  stem: string;
  /** Surface forms seen, with counts (the commonest names the topic). */
  forms: Map<string, number>;
  items: StoredMemoryItem[];
  sessions: Set<string>;
  salience: number;
}

/**
 * Promotes topics a speaker comes back to across sessions (docs/architecture.md, "Consolidation
 * and forgetting"): the user's active episodic events are grouped by (actor, topic), a topic being
 * the Porter2 stem of a noun or gerund of the event's text (compromise part-of-speech tags; not a
 * pronoun, name, date, number, stop word or {@link VAGUE_TOPICS} word). A group spanning at least
 * `minSessions` sessions becomes one fact in the third person, "Melanie often mentions camping (in 8
 * sessions)", whose sources are the first mention in each of those sessions, in conversation order
 * (no dates in the text: they made the fact match every question about a month). Groups
 * are ranked by salience, sessions × ln(events / events naming the topic) (a tf-idf over
 * sessions), and a speaker gets at most `maxPerSpeaker` promoted facts; a group sharing half its
 * events with a better one of the same speaker is skipped (one fact per theme). A fact is a core
 * line of the speaker's `human:<Speaker>` block, its value within the block's size limit, when
 * `into` is `core` or the topic is about the speaker's profile ({@link PROFILE_TOPICS}); else a
 * semantic item. The events stay: promotion adds a way in and removes nothing.
 *
 * Idempotent: a fact's key is `promoted|<speaker>|<stem>`; a fact already stored is updated only
 * when its sessions or sources changed, and facts of earlier passes count toward the limit. The
 * new or rewritten items carry no vector yet (the caller embeds them).
 */
export function promoteRepeatedTopics(working: WorkingItems, context: PromoteContext): ConsolidationChange[] {
  const existing = new Map([...working.values()].filter((item) => isPromotedFact(item) && item.valid_to === null).map((item) => [item.key, item]));
  const chosen = chooseTopics(topicsOf(working, context), existing, context.maxPerSpeaker);
  const changes: ConsolidationChange[] = [];
  for (const topic of chosen) {
    const key = promotedKey(topic);
    const before = existing.get(key) ?? null;
    const draft = promotedItem(topic, key, before, working, context);
    if (before && before.text === draft.text && before.sources.join() === draft.sources.join()) continue;
    changes.push({ step: "promote", event: before ? "UPDATE" : "ADD", before, after: draft });
  }
  return applyToWorking(working, changes);
}

/** Every (actor, topic) group of the user's events that spans `minSessions` sessions, most salient first. */
function topicsOf(working: WorkingItems, context: PromoteContext): Topic[] {
  const events = [...working.values()].filter((item) => item.type === "episodic" && isActive(item) && !isDerived(item) && item.actor.trim() !== "");
  const speakers = new Set(events.flatMap((event) => (event.type === "episodic" ? contentWords(event.actor) : [])));
  const groups = new Map<string, Topic>();
  const eventsNaming = new Map<string, number>();
  for (const event of events) {
    // Topics are keyed by the actor's slug ("Mel" and "mel" are one speaker); an actor without one gets none.
    const speaker = event.type === "episodic" ? slug(event.actor) : "";
    if (event.type !== "episodic" || speaker === "") continue;
    const session = sessionOf(event, context.sessionOfMessage);
    const terms = topicTerms(event.text, speakers);
    for (const [term, form] of terms) {
      eventsNaming.set(term, (eventsNaming.get(term) ?? 0) + 1);
      const id = `${speaker}\u0000${term}`;
      const topic: Topic = groups.get(id) ?? { actor: event.actor, speaker, stem: term, forms: new Map(), items: [], sessions: new Set(), salience: 0 };
      topic.forms.set(form, (topic.forms.get(form) ?? 0) + 1);
      topic.items.push(event);
      if (session !== "") topic.sessions.add(session);
      groups.set(id, topic);
    }
  }
  const repeated = [...groups.values()].filter((topic) => topic.sessions.size >= context.minSessions);
  for (const topic of repeated) topic.salience = topic.sessions.size * Math.log(events.length / eventsNaming.get(topic.stem)!);
  return repeated.sort((a, b) => b.salience - a.salience || a.actor.localeCompare(b.actor) || a.stem.localeCompare(b.stem));
}

/** Topic stems of `text` (nouns and gerunds, see {@link promoteRepeatedTopics}) → the surface form seen. */
function topicTerms(text: string, speakers: ReadonlySet<string>): Map<string, string> {
  // "X shared a photo of ..." is the ingest's image caption frame, not a topic.
  const doc = nlp(text.replace(/\bshared an? (?:photo|picture|image|pic)\b/gi, " "));
  const phrases = doc.match("(#Noun|#Gerund)").not("(#Pronoun|#Date|#Value|#Adjective|#Possessive|#Person)").out("array") as string[];
  const terms = new Map<string, string>();
  for (const phrase of phrases) {
    for (const form of phrase.replace(/['’]s\b/g, "").match(/\p{L}+/gu) ?? []) {
      const word = form.toLowerCase();
      const term = stem(word);
      if (word.length < 3 || isStopWord(word) || speakers.has(term) || VAGUE_TOPICS.has(term)) continue;
      // Lowercase unless written in capitals (an acronym such as "LGBTQ").
      terms.set(term, form === form.toUpperCase() ? form : word);
    }
  }
  return terms;
}

/** The topics to promote: the stored ones still repeated, then new ones, most salient first, within `maxPerSpeaker` and one per theme. */
function chooseTopics(topics: readonly Topic[], existing: ReadonlyMap<string, StoredMemoryItem>, maxPerSpeaker: number): Topic[] {
  const chosen: Topic[] = [];
  const stored = topics.filter((topic) => existing.has(promotedKey(topic)));
  const perSpeaker = new Map<string, number>();
  for (const item of existing.values()) {
    const speaker = item.key.split("|")[1]!;
    perSpeaker.set(speaker, (perSpeaker.get(speaker) ?? 0) + 1);
  }
  chosen.push(...stored);
  for (const topic of topics) {
    if (existing.has(promotedKey(topic))) continue;
    const { speaker } = topic;
    if ((perSpeaker.get(speaker) ?? 0) >= maxPerSpeaker) continue;
    const ids = new Set(topic.items.map((item) => item.id));
    const sameTheme = chosen.some((other) => other.speaker === speaker && other.items.filter((item) => ids.has(item.id)).length * 2 >= Math.min(ids.size, other.items.length));
    if (sameTheme) continue;
    chosen.push(topic);
    perSpeaker.set(speaker, (perSpeaker.get(speaker) ?? 0) + 1);
  }
  return chosen;
}

/**
 * The fact's sources: the first message of each session that mentions the topic, in conversation
 * order, one per session the sentence counts. (Every mention as a source made a fact's context
 * line some 25 ids long, about 150 tokens, and cost answer coverage at 1,500 tokens on the dev set.)
 */
function firstMentionPerSession(topic: Topic, context: PromoteContext): string[] {
  const orderOf = (source: string) => context.orderOfMessage.get(source) ?? Number.POSITIVE_INFINITY;
  const mentions = unionSources(topic.items).sort((a, b) => orderOf(a) - orderOf(b) || (a < b ? -1 : a > b ? 1 : 0));
  const first = new Map<string, string>();
  for (const source of mentions) {
    const session = context.sessionOfMessage.get(source) ?? topic.items.find((item) => item.sources.includes(source))!.session_id;
    if (!first.has(session)) first.set(session, source);
  }
  return [...first.values()];
}

function promotedKey(topic: Topic): string {
  return `${PROMOTED_KEY}${topic.speaker}|${topic.stem}`;
}

/** The promoted fact of `topic`: a core line for a profile topic, else a semantic item; keeps the id of `before`. */
function promotedItem(topic: Topic, key: string, before: StoredMemoryItem | null, working: WorkingItems, context: PromoteContext): StoredMemoryItem {
  const form = [...topic.forms.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  const days = topic.items.map((item) => item.valid_from).sort();
  const sentence = `${topic.actor} often mentions ${form} (in ${topic.sessions.size} sessions)`;
  const first = topic.items[0]!;
  const base = {
    id: before?.id ?? context.newId(),
    user_id: first.user_id,
    agent_id: first.agent_id,
    session_id: "",
    created_at: before?.created_at ?? context.now,
    updated_at: context.now,
    valid_from: days[0]!,
    valid_to: null,
    sources: firstMentionPerSession(topic, context),
    importance: Math.max(...topic.items.map((item) => item.importance)),
    access_count: before?.access_count ?? 0,
    last_accessed_at: before?.last_accessed_at ?? null,
    key,
    archived_at: before?.archived_at ?? null,
    vector: before?.vector ?? [],
  };
  if (context.into === "core" || PROFILE_TOPICS.has(topic.stem)) {
    const label = `human:${topic.actor}`;
    const limit = Math.max(0, ...[...working.values()].filter((item): item is CoreItem & StoredMemoryItem => item.type === "core" && item.label === label).map((item) => item.limit)) || 1000;
    const value = sentence.slice(0, limit);
    return { ...base, type: "core", text: `${label}: ${value}`, label, value, limit } satisfies CoreItem & { vector: number[] };
  }
  return { ...base, type: "semantic", text: `${sentence}.`, name: topic.actor, summary: sentence, details: `sessions: ${[...topic.sessions].join(", ")}`, source: topic.actor } satisfies SemanticItem & { vector: number[] };
}
