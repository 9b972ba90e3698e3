import { loadChrono, nlp } from "../text/nlp-libraries";
import { isStopWord, words } from "../text/words";
import { expandQuery } from "./expand-query";
import type { RecallTopics } from "./recall-types";

/** Options of {@link deriveTopics}. */
export interface DeriveTopicsOptions {
  /** Also derive `expansions` (`recall/expand-query.ts`: WordNet synonyms, related forms, base forms). @default false */
  expansion?: boolean;
}

/**
 * Offline active retrieval (MIRIX, arXiv 2507.07957, section 3.3, without the topic LLM call):
 * derives search topics from the query and the latest turns: content keywords, named entities
 * (compromise) and a time range when the query names one (chrono-node, resolved against `now`).
 *
 * The query weighs most: recent turns only add their entities and keywords after it.
 */
export function deriveTopics(query: string, recentTurns: string[], now: Date, options: DeriveTopicsOptions = {}): RecallTopics {
  const turns = recentTurns.slice(-2);
  const text = [query, ...turns].join("\n");
  const { keywords, entities, expansions } = termsOf(text, query, options.expansion === true);
  // Copies: the remembered lists stay as derived whatever a caller does with its topics.
  return { keywords: [...keywords], entities: [...entities], ...(options.expansion && expansions ? { expansions: [...expansions] } : {}), timeRange: timeRangeOf(query, now), searchText: text };
}

/** Keywords, entities and (once asked for) expansions by searched text, most recently used last: tagging a question costs a millisecond or more, and a recall is often asked again (explain, the no-graph ablation, a retried turn). */
const termsByText = new Map<string, Pick<RecallTopics, "keywords" | "entities" | "expansions">>();
const MAX_REMEMBERED_TEXTS = 512;
/** Longer texts are analysed every time. */
const MAX_REMEMBERED_CHARS = 4096;

/** The content keywords and the named entities (compromise) of `text` and, with `expand`, the expansions of `query` (its first part; recent turns are not expanded), remembered for recent texts. */
function termsOf(text: string, query: string, expand: boolean): Pick<RecallTopics, "keywords" | "entities" | "expansions"> {
  const key = `${query.length}:${text}`;
  const known = termsByText.get(key);
  if (known) {
    if (expand && !known.expansions) known.expansions = expandQuery(query, { names: known.entities });
    termsByText.delete(key);
    termsByText.set(key, known);
    return known;
  }
  const keywords = [...new Set(words(text).filter((word) => !isStopWord(word) && word.length > 1))];
  const document = nlp(text);
  const entities = [
    ...new Set(
      [...document.people().out("array"), ...document.places().out("array"), ...document.organizations().out("array")].map((entity: string) =>
        entity.replace(/[^\p{L}\p{N}\s'-]/gu, "").trim(),
      ),
    ),
  ].filter((entity) => entity.length > 1);
  // The same document: expansion needs the words' tags and roots, and parsing costs more than both.
  const terms = { keywords, entities, ...(expand ? { expansions: expandQuery(text === query ? document : query, { names: entities }) } : {}) };
  if (text.length <= MAX_REMEMBERED_CHARS) {
    termsByText.set(key, terms);
    if (termsByText.size > MAX_REMEMBERED_TEXTS) termsByText.delete(termsByText.keys().next().value!);
  }
  return terms;
}

/** The span a query's date expression covers ("in May 2023" → 1 to 31 May), or null. */
function timeRangeOf(query: string, now: Date): RecallTopics["timeRange"] {
  const [result] = loadChrono().parse(query, { instant: now, timezone: "UTC" });
  if (!result) return null;
  const start = result.start.date();
  let end = result.end?.date();
  if (!end) {
    end = new Date(start);
    if (!result.start.isCertain("day") && !result.start.isCertain("month")) end.setUTCFullYear(end.getUTCFullYear() + 1);
    else if (!result.start.isCertain("day")) end.setUTCMonth(end.getUTCMonth() + 1);
    else end.setUTCDate(end.getUTCDate() + 1);
    if (!result.start.isCertain("day")) start.setUTCDate(1);
    if (!result.start.isCertain("month")) start.setUTCMonth(0);
    start.setUTCHours(0, 0, 0, 0);
    end.setUTCHours(0, 0, 0, 0);
  }
  return { start: start.toISOString(), end: end.toISOString() };
}
