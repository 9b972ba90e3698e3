import { z } from "zod";
import { ValidationError } from "../../errors/engram-error";
import type { Candidate } from "../../schema/memory-item";
import type { StoredMessage } from "../../schema/message";
import type { DraftedCandidates, DraftOptions, IngestPolicy } from "../ingest-policy";
import { analyzeMessage, PreparedParses } from "./analyze-message";
import { sharedParseWorker } from "./parse-worker";
import { extractCore } from "./core-extractor";
import { extractEpisodic } from "./episodic-extractor";
import { extractFamilyFacts } from "./family-facts";
import { extractProcedural } from "./procedural-extractor";
import { extractResources } from "./resource-extractor";
import { extractSelfFacts } from "./self-facts";
import { extractSemantic } from "./semantic-extractor";
import { ignoredNameStems } from "./sentences";
import { extractVault } from "./vault-extractor";
import { formatZodIssues } from "../../errors/zod-issues";
import { extractTriplets } from "../../graph/extract-triplets";

/** Options of {@link createOfflinePolicy}. */
export const OfflinePolicyOptionsSchema = z
  .object({
    /**
     * Content words (stemmed, without stop words, chat fillers and the speakers' names) a
     * sentence needs to count as informative; fewer makes it filler ("Thanks, Mel!"). One keeps
     * a feeling said with filler words ("They mean the world to me", "It's inspired by the sunsets").
     * @default 1
     */
    minContentWords: z.number().int().min(0).default(1),
    /** Cap on an episodic candidate's `text`, in characters. @default 2000 */
    maxEpisodicChars: z.number().int().min(200).default(2000),
    /** Size cap (`limit`) of core lines, in characters. @default 1000 */
    coreLimit: z.number().int().positive().default(1000),
    /** Draft relations for graph memory (docs/architecture.md, "Graph memory"). @default true */
    graph: z.boolean().default(true),
    /** Parse the next batches on a worker thread (a second core) while this one is drafted and written; false: on the main thread. The parses are the same. @default true */
    parseWorker: z.boolean().default(true),
  })
  .strict();
/** What callers pass to {@link createOfflinePolicy}; every field is optional. */
export type OfflinePolicyOptions = z.input<typeof OfflinePolicyOptionsSchema>;

const emptyDraft = (): DraftedCandidates => ({ core: [], episodic: [], semantic: [], procedural: [], resource: [], knowledge_vault: [], graph: [] });

/**
 * Keeps one candidate per reconciliation key within a batch: a repeat with the same text is
 * dropped (the first mention stays), a new value replaces the old (the later message wins).
 * Among candidates without a key, exact repeats of a text are dropped (the first stays).
 */
function dedupeByKey(candidates: Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  const index = new Map<string, number>();
  const texts = new Set<string>();
  for (const candidate of candidates) {
    if (candidate.key === "") {
      if (!texts.has(candidate.text)) kept.push(candidate);
      texts.add(candidate.text);
      continue;
    }
    const at = index.get(candidate.key);
    if (at === undefined) {
      index.set(candidate.key, kept.length);
      kept.push(candidate);
    } else if ((kept[at] as Candidate).text !== candidate.text) {
      kept[at] = candidate;
    }
  }
  return kept;
}

/**
 * The offline ingest policy (no model): rules plus NLP libraries draft candidate memory items
 * from each message on its own. Every message is parsed once with compromise (sentences, tags,
 * entities; https://github.com/spencermountain/compromise), its dates resolved with chrono-node
 * against the message time (UTC), and its sensitive values masked before any text is drafted.
 *
 * - episodic: one item per informative message, third person, absolute dates inline;
 * - core and semantic: first-person facts (home, job, family, identity, likes, ...), keyed;
 *   semantic also holds facts about relatives and other named people;
 * - procedural: lists, sequences, "To X, you ..." and advice given when asked;
 * - resource: links, file names, shared images, quoted titles of books, songs and films;
 * - knowledge_vault: emails, phones, keys, passwords, card numbers, IBANs, ids, addresses;
 * - graph (unless `graph: false`): relations from patterns over the same parse (`extractTriplets`).
 *
 * Every candidate's `sources` is the id of the one message its text was drawn from.
 *
 * @throws ValidationError when `options` are invalid (unknown key, out of range).
 * @example
 * const policy = createOfflinePolicy();
 * const drafted = await policy.draft(messages); // { core: [...], episodic: [...], ... }
 */
export function createOfflinePolicy(options: OfflinePolicyOptions = {}): IngestPolicy {
  const parsed = OfflinePolicyOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new ValidationError("invalid offline policy options", {
      issues: formatZodIssues(parsed.error.issues),
    });
  }
  const settings = parsed.data;
  const prepared = new PreparedParses(settings.parseWorker === false ? undefined : sharedParseWorker);
  return {
    name: "offline",
    prepare: (messages) => prepared.prepare(messages.filter((message) => message.echoes_memory !== true)).catch(() => undefined),
    async draft(messages: StoredMessage[], draftOptions: DraftOptions = {}): Promise<DraftedCandidates> {
      // This batch's parses under way on the worker are awaited, not made again here.
      await prepared.ready(messages);
      const drafted = emptyDraft();
      const previous = draftOptions.previousMessages ?? [];
      const ignoredNames = ignoredNameStems([...previous, ...messages].map((message) => message.speaker));
      let before: { speaker: string; content: string } | undefined = previous[previous.length - 1];
      for (const message of messages) {
        draftOptions.signal?.throwIfAborted();
        // A reply restating recalled memories: they are stored already, citing the original messages.
        if (message.echoes_memory === true) continue;
        const analyzed = analyzeMessage(message, { ignoredNames, minContentWords: settings.minContentWords, prepared });
        const facts = [...extractSelfFacts(analyzed), ...extractFamilyFacts(analyzed)];
        const episodic = extractEpisodic(analyzed, settings.maxEpisodicChars);
        // The turn this message answers is embedded with it, so a reply ("It was awesome!") is found by its topic.
        if (episodic) drafted.episodic.push(before ? { ...episodic, search_context: `${before.speaker}: ${before.content}` } : episodic);
        drafted.core.push(...extractCore(analyzed, facts, settings.coreLimit));
        drafted.semantic.push(...extractSemantic(analyzed, facts, ignoredNames));
        const procedural = extractProcedural(analyzed, before);
        if (procedural) drafted.procedural.push(procedural);
        drafted.resource.push(...extractResources(analyzed));
        drafted.knowledge_vault.push(...extractVault(analyzed));
        if (settings.graph) drafted.graph!.push(...extractTriplets(analyzed));
        before = { speaker: analyzed.speaker, content: analyzed.content };
      }
      drafted.core = dedupeByKey(drafted.core);
      drafted.semantic = dedupeByKey(drafted.semantic);
      drafted.knowledge_vault = dedupeByKey(drafted.knowledge_vault);
      return drafted;
    },
  };
}
