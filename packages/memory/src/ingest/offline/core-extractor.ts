import type { CandidateOf } from "../../schema/memory-item";
import type { AnalyzedMessage } from "./analyze-message";
import { slug } from "../../text/normalize-text";
import type { SelfFact } from "./self-facts";

/** Reconciliation key of a self-fact: `caroline|lives_in` or `caroline|likes|painting`. */
export function selfFactKey(speakerKey: string, fact: SelfFact): string {
  return fact.keyBy === "attribute" ? `${speakerKey}|${fact.attribute}` : `${speakerKey}|${fact.attribute}|${slug(fact.object)}`;
}

/**
 * Core candidates: the speaker's stable self-descriptions and preferences (name, home, origin,
 * job, studies, business, family, pets, identity, likes, favorites), one `human:<Speaker>` line
 * each. Only user messages count: an assistant's "I" is not the human. Mentions of other
 * relatives (attribute `relative`) stay out of core.
 *
 * @param limit the core block's size cap in characters.
 */
export function extractCore(analyzed: AnalyzedMessage, facts: readonly SelfFact[], limit: number): CandidateOf<"core">[] {
  if (analyzed.message.role !== "user") return [];
  const label = `human:${analyzed.speaker}`;
  return facts
    .filter((fact) => fact.attribute !== "relative")
    .map((fact) => {
      const value = fact.value.slice(0, limit);
      return {
        type: "core",
        text: `${label}: ${value}`,
        sources: [analyzed.message.id],
        valid_from: analyzed.message.timestamp,
        importance: fact.importance,
        key: selfFactKey(analyzed.speakerKey, fact),
        label,
        value,
        limit,
      };
    });
}
