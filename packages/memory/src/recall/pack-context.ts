import { isDerived, isPromotedFact } from "../consolidate/consolidation-change";
import { DEFAULT_RELATION_SHARE } from "../defaults";
import { MEMORY_TYPE_TITLES } from "../schema/memory-type";
import type { MemoryItem } from "../schema/memory-item";
import type { FusedItem } from "./fuse-ranked-lists";
import { formatDayHeading, formatMemoryLine, memoryLineText } from "./format-memory-line";
import { formatRelationLine, RELATIONS_HEADING } from "./format-relation-line";
import type { PackingDecision, RecallExplain, RecalledItem, RecalledRelation } from "./recall-types";
import type { ScoredTriplet } from "./search-graph";
import { countTokens } from "./token-counter";
import { normalizeText } from "../text/normalize-text";

/** Options of {@link packContext}. */
export interface PackContextOptions {
  /** Most cl100k_base tokens the context may use. */
  tokenBudget: number;
  /** Share of the budget core memory may take at most. @default 0.2 */
  coreShare?: number;
  /** Show high-sensitivity vault secrets (already opened by the caller). @default false */
  revealSecrets?: boolean;
  /** End each line with its source ids (see `formatMemoryLine`); the packed items carry them either way. @default true */
  citeSources?: boolean;
  /** Filled, when given, with the decision on every candidate looked at, in order (recall explain). */
  decisions?: RecallExplain["packing"];
  /**
   * Formatted, counted lines by item, kept across packings of the same `core` and `fused` with the
   * same `revealSecrets` and `citeSources` (several budgets of one recall): each line is formatted
   * and counted once. @default none (a packing of its own)
   */
  lines?: Map<MemoryItem, PackLine>;
  /**
   * The graph search's relations, best first (`searchGraph`'s `triplets`): those citing a message
   * no packed item (nor a relation packed before) cites fill a `## Entities and relations` section,
   * packed after the items that fit `tokenBudget × (1 − relationShare)`, then items fill what the
   * relations leave. @default none (no section)
   */
  relations?: ScoredTriplet[];
  /** Share of the budget held back from items for the relation section when `relations` has any (0: no section). @default DEFAULT_RELATION_SHARE (0.1) */
  relationShare?: number;
  /** The query: when it names some, not all, of the people core lines are about (`human:<name>` labels), the others' core lines are left out. @default none (every core line may pack) */
  query?: string;
}

/** One formatted candidate line of {@link packContext} (see {@link PackContextOptions.lines}). */
export interface PackLine {
  item: MemoryItem;
  score: number;
  line: string;
  /** The item's text in the context, without date and sources. */
  text: string;
  tokens: number;
  /** The line as shown without source ids, normalized: set the first time a core-line join compares it (the line is reused across budgets). */
  shown?: string;
}

/** One formatted relation line of {@link packContext}. */
interface RelationLine {
  relation: RecalledRelation;
  line: string;
  tokens: number;
}

/** Result of {@link packContext}. */
export interface PackedContext {
  context: string;
  tokens: number;
  items: RecalledItem[];
  /** The relation section's lines, in context order (empty without the section). */
  relations: RecalledRelation[];
}

/**
 * Packs core memory (always, up to `coreShare` of the budget, the lines closest to the query
 * first; when the query names one of the people core lines are about and not all of them, only the
 * named people's lines) and then fused items, best first,
 * into the token budget, skipping an item whose source messages are all behind items already
 * packed (it would repeat them; except an event of one message that says all a packed line of the
 * same message and day says, and more: it takes that line's place when the extra tokens fit; and
 * an item whose text a packed core line says word for word: it joins that line, which cites its
 * sources too), and formats the context: `## Core memory`, then one timeline,
 * {@link TIMELINE_HEADING}, of the events, facts, procedures and resources in time order under a
 * heading of the day each was said (`### 8 May 2023`; a line carries no date of its own, except an
 * event dated coarser than a day: `- summer 2022: ...`), then `## Knowledge vault` with each line's
 * date; every line ends with its source ids (unless `citeSources: false`).
 * With `relations`, `relationShare` of the budget is held back from items for a last section,
 * `## Entities and relations`: the best relations (`- Melanie does pottery (8 May 2023)`) citing
 * a message no packed item cites; then items fill what they leave.
 *
 * Token counts use cl100k_base (js-tiktoken); the final context is counted whole and trimmed
 * until it fits, so `tokens <= tokenBudget` holds.
 */
export function packContext(core: MemoryItem[], fused: FusedItem[], options: PackContextOptions): PackedContext {
  const budget = options.tokenBudget;
  const coreCap = Math.floor(budget * (options.coreShare ?? 0.2));
  const lineOptions = { revealSecrets: options.revealSecrets, citeSources: options.citeSources, dayInHeading: true };
  const toLine = (item: MemoryItem, score: number): PackLine => {
    const known = options.lines?.get(item);
    if (known && known.score === score) return known;
    const line = formatMemoryLine(item, lineOptions);
    const made = { item, score, line, text: memoryLineText(item, lineOptions), tokens: countTokens(line) + 1 };
    options.lines?.set(item, made);
    return made;
  };
  const headingTokens = new Map<string, number>();
  const tokensOfHeading = (heading: string) => {
    let tokens = headingTokens.get(heading);
    if (tokens === undefined) {
      tokens = countTokens(heading) + 2;
      headingTokens.set(heading, tokens);
    }
    return tokens;
  };
  const headerTokens = (section: Section) => tokensOfHeading(sectionHeading(section));

  const chosen: PackLine[] = [];
  const headings = new Set<string>();
  let used = 0;
  const tryAdd = (line: PackLine, cap: number): boolean => {
    const section = sectionOf(line.item);
    const day = dayHeading(line.item);
    let cost = line.tokens + (headings.has(section) ? 0 : headerTokens(section));
    if (day !== null && !headings.has(day)) cost += tokensOfHeading(day);
    if (used + cost > cap) return false;
    chosen.push(line);
    headings.add(section);
    if (day !== null) headings.add(day);
    used += cost;
    return true;
  };

  const coreScore = new Map(fused.filter(({ item }) => item.type === "core").map(({ item, score }) => [item.id, score]));
  // A query that names one of the people core lines are about leaves out the others' lines.
  const unnamed = unnamedCore(core, options.query);
  const coreLines = core
    .filter((item) => !unnamed.has(item.id))
    .map((item) => toLine(item, coreScore.get(item.id) ?? 0))
    // Lines a consolidation pass promoted ("Melanie often mentions kids") only fill what first-hand core lines leave of the core share.
    .sort((a, b) => Number(isPromotedFact(a.item)) - Number(isPromotedFact(b.item)) || b.score - a.score || b.item.importance - a.item.importance || a.item.created_at.localeCompare(b.item.created_at));
  // The best core line goes in whenever it fits the budget at all; the rest stay under the core cap.
  const decisions = options.decisions;
  const decisionsAtEntry = decisions?.length ?? 0;
  for (const id of unnamed) decisions?.push({ id, decision: "unnamed" });
  for (const [index, line] of coreLines.entries()) {
    const added = tryAdd(line, index === 0 ? Math.max(coreCap, Math.min(budget, line.tokens + headerTokens("core"))) : coreCap);
    decisions?.push({ id: line.item.id, decision: added ? "packed" : index === 0 ? "budget" : "core_cap" });
  }
  const covered = new Set<string>();
  const packedItems = new Set<MemoryItem>();
  // Items that say what a packed core line says, word for word, shown as that line (their sources cited on it).
  const merged: MergedItem[] = [];
  // Lines compared as shown, without their source ids: an event dated by its span (`- summer 2022: ...`) never joins, its date would vanish.
  const shownText = (line: PackLine) => (line.shown ??= normalizeText(formatMemoryLine(line.item, { ...lineOptions, citeSources: false })));
  const coreByText = new Map(chosen.map((line) => [shownText(line), line.item]));
  /**
   * A timeline item whose line, as shown without its source ids, a packed core line says already
   * joins that line instead of repeating it (its day heading is left out: the core line cites its
   * sources); false when it does not or its source ids do not fit `cap`.
   */
  const mergeIntoCore = (line: PackLine, cap: number): boolean => {
    const into = sectionOf(line.item) === "timeline" && coreByText.size > 0 ? coreByText.get(shownText(line)) : undefined;
    const index = into ? chosen.findIndex(({ item }) => item === into) : -1;
    if (index < 0) return false;
    const shown = chosen[index]!;
    const sources = [...new Set([...into!.sources, ...merged.filter((same) => same.into === into).flatMap((same) => same.line.item.sources), ...line.item.sources])];
    const text = formatMemoryLine({ ...into!, sources }, lineOptions);
    const tokens = countTokens(text) + 1;
    if (used + tokens - shown.tokens > cap) return false;
    chosen[index] = { ...shown, line: text, tokens };
    used += tokens - shown.tokens;
    merged.push({ line, into: into! });
    return true;
  };
  // One decision per candidate: a later pass (after the relation section) updates it.
  const decided = new Map<string, RecallExplain["packing"][number]>();
  const decide = (id: string, decision: PackingDecision) => {
    const known = decided.get(id);
    if (known) known.decision = decision;
    else if (decisions) {
      const entry = { id, decision };
      decided.set(id, entry);
      decisions.push(entry);
    }
  };
  /**
   * An event of one message that says all a packed event, fact or resource line of the same message
   * says and more (the whole turn behind one of its sentences) takes its place when the extra tokens fit `cap`.
   */
  const widenPacked = (line: PackLine, cap: number): boolean => {
    if (line.item.type !== "episodic" || line.item.sources.length !== 1) return false;
    const index = chosen.findIndex(({ item }) => sectionOf(item) === "timeline" && item.sources.length === 1 && item.sources[0] === line.item.sources[0]);
    const packed = chosen[index];
    if (!packed || line.tokens <= packed.tokens || used + line.tokens - packed.tokens > cap || dayHeading(packed.item) !== dayHeading(line.item)) return false;
    // The formatted lines, so a date the packed line shows ("- 2022: ...") must be in the wider one too.
    const wider = new Set(lineWords(line.line));
    if (!lineWords(packed.line).every((word) => wider.has(word))) return false;
    chosen[index] = line;
    used += line.tokens - packed.tokens;
    packedItems.delete(packed.item);
    packedItems.add(line.item);
    decide(packed.item.id, "covered");
    decide(line.item.id, "packed");
    return true;
  };
  // Items best first, those not packed yet, until 20 fail to fit `cap`.
  const packItems = (cap: number) => {
    let misses = 0;
    for (const { item, score } of fused) {
      if (item.type === "core" || packedItems.has(item)) continue;
      // A vault item is never a repeat: the event of the same message shows its value masked.
      if (item.type !== "knowledge_vault" && item.sources.length > 0 && item.sources.every((source) => covered.has(source))) {
        // Only an event of one message can widen a packed line: the others are not formatted nor counted.
        if (!(item.type === "episodic" && item.sources.length === 1 && widenPacked(toLine(item, score), cap))) decide(item.id, "covered");
        continue;
      }
      const line = toLine(item, score);
      const added = mergeIntoCore(line, cap) || tryAdd(line, cap);
      decide(item.id, added ? "packed" : "budget");
      if (added) packedItems.add(item);
      // A summary, insight or promoted fact cites messages whose details its text leaves out: the events citing them still pack.
      if (added && !isDerived(item)) for (const source of item.sources) covered.add(source);
      else if (++misses >= 20) break;
    }
  };
  const relations = options.relations ?? [];
  const reserve = relations.length > 0 ? Math.floor(budget * (options.relationShare ?? DEFAULT_RELATION_SHARE)) : 0;
  packItems(budget - reserve);
  const chosenRelations: RelationLine[] = [];
  if (reserve > 0) {
    // Sources cited by packed lines (core ones too) or relations: a relation adds a line only for a message none of them cites.
    const cited = new Set([...covered, ...chosen.flatMap((line) => line.item.sources)]);
    const texts = new Set<string>();
    for (const triplet of relations) {
      const { relation } = triplet;
      if (relation.sources.length === 0 || relation.sources.every((source) => cited.has(source)) || texts.has(relation.text)) continue;
      const line = formatRelationLine(relation, { citeSources: options.citeSources });
      const tokens = countTokens(line) + 1;
      const cost = tokens + (chosenRelations.length === 0 ? tokensOfHeading(RELATIONS_HEADING) : 0);
      if (used + cost > budget) continue;
      used += cost;
      chosenRelations.push({ relation: recalledRelation(triplet), line, tokens });
      texts.add(relation.text);
      for (const source of relation.sources) cited.add(source);
    }
    if (chosenRelations.length === 0) {
      // No relation line after all: pack as if none was offered (the held-back share skewed which items fit).
      decisions?.splice(decisionsAtEntry);
      return packContext(core, fused, { ...options, relations: [] });
    }
    // Items that would only repeat a packed relation's messages are skipped, as repeats of packed items are.
    for (const { relation } of chosenRelations) for (const source of relation.sources) covered.add(source);
    packItems(budget);
  }

  let packed = render(chosen, chosenRelations, merged);
  while (packed.tokens > budget && chosenRelations.length > 0) {
    chosenRelations.pop();
    packed = render(chosen, chosenRelations, merged);
  }
  while (packed.tokens > budget && chosen.length > 0) {
    const weakest = chosen.reduce((min, line, index) => (line.score < chosen[min]!.score ? index : min), 0);
    const [removed] = chosen.splice(weakest, 1);
    // Items joined into a trimmed core line go with it.
    const joined = merged.filter(({ into }) => into === removed!.item);
    merged.splice(0, merged.length, ...merged.filter(({ into }) => into !== removed!.item));
    for (const item of [removed!.item, ...joined.map(({ line }) => line.item)]) {
      const decision = decisions?.find((entry) => entry.id === item.id && entry.decision === "packed");
      if (decision) decision.decision = "trimmed";
    }
    packed = render(chosen, chosenRelations, merged);
  }
  return packed;
}

/** The person a core line is about (`human:Melanie` → `Melanie`), or null. */
function coreSubject(item: MemoryItem): string | null {
  return item.type === "core" && item.label.startsWith("human:") ? item.label.slice("human:".length) : null;
}

/**
 * Ids of the core lines about a person `query` does not name, when it names another person core
 * lines are about (every word of the name, case aside: `What did Melanie paint?` leaves out
 * Caroline's lines); none when it names all of them or none.
 */
function unnamedCore(core: readonly MemoryItem[], query: string | undefined): Set<string> {
  if (!query) return new Set();
  const words = new Set(lineWords(query));
  const subjects = new Set(core.map(coreSubject).filter((subject): subject is string => subject !== null));
  const named = [...subjects].filter((subject) => lineWords(subject).every((word) => words.has(word)));
  if (named.length === 0 || named.length === subjects.size) return new Set();
  return new Set(
    core.filter((item) => {
      const subject = coreSubject(item);
      return subject !== null && !named.includes(subject);
    }).map((item) => item.id),
  );
}

/** Lowercased words of a line's text, to compare what two lines say. */
function lineWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A timeline item shown as the core line that says the same (`into`). */
interface MergedItem {
  line: PackLine;
  into: MemoryItem;
}

function render(lines: PackLine[], relationLines: RelationLine[], merged: MergedItem[]): PackedContext {
  const sections: string[] = [];
  const items: RecalledItem[] = [];
  for (const section of SECTIONS) {
    const ofType = lines.filter((line) => sectionOf(line.item) === section);
    if (ofType.length === 0) continue;
    const body: string[] = [];
    if (section === "timeline") {
      ofType.sort((a, b) => a.item.valid_from.localeCompare(b.item.valid_from) || eventTime(a.item).localeCompare(eventTime(b.item)));
      let heading: string | null = null;
      for (const line of ofType) {
        const day = dayHeading(line.item);
        if (day !== heading) {
          heading = day;
          body.push(day!);
        }
        body.push(line.line);
      }
    } else {
      body.push(...ofType.map((line) => line.line));
    }
    sections.push([sectionHeading(section), ...body].join("\n"));
    for (const { item, score, text } of ofType) {
      items.push({ id: item.id, type: item.type, text, sources: item.sources, score, item });
      for (const same of merged) if (same.into === item) items.push({ id: same.line.item.id, type: same.line.item.type, text, sources: same.line.item.sources, score: same.line.score, item: same.line.item });
    }
  }
  if (relationLines.length > 0) sections.push([RELATIONS_HEADING, ...relationLines.map(({ line }) => line)].join("\n"));
  const context = sections.join("\n\n");
  return { context, tokens: context === "" ? 0 : countTokens(context), items, relations: relationLines.map(({ relation }) => relation) };
}

function recalledRelation({ relation, subject, object, score, hop }: ScoredTriplet): RecalledRelation {
  return { id: relation.id, text: relation.text, subject, predicate: relation.predicate, object, sources: relation.sources, valid_from: relation.valid_from, score, hop };
}

/**
 * A context section: core memory, the timeline (events, facts, procedures and resources under
 * headings of the day they were said: a fact said the day of a packed event costs no date of its
 * own) or the knowledge vault.
 */
type Section = "core" | "timeline" | "knowledge_vault";

/** Sections in context order. */
const SECTIONS: readonly Section[] = ["core", "timeline", "knowledge_vault"];

/** `## Events, facts and resources by day`: the timeline section's heading. */
export const TIMELINE_HEADING = "## Events, facts and resources by day";

function sectionOf(item: MemoryItem): Section {
  return item.type === "core" || item.type === "knowledge_vault" ? item.type : "timeline";
}

function sectionHeading(section: Section): string {
  return section === "timeline" ? TIMELINE_HEADING : `## ${MEMORY_TYPE_TITLES[section]}`;
}

/** `### 8 May 2023`: the heading timeline lines said that day are grouped under; null for other sections. */
function dayHeading(item: MemoryItem): string | null {
  return sectionOf(item) === "timeline" ? `### ${formatDayHeading(item.valid_from)}` : null;
}

function eventTime(item: MemoryItem): string {
  return item.type === "episodic" ? (item.occurred_at ?? item.valid_from) : item.valid_from;
}
