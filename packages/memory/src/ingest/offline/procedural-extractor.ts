import type { CandidateOf } from "../../schema/memory-item";
import type { AnalyzedMessage } from "./analyze-message";
import { renderSentence, truncate } from "./episodic-extractor";
import { firstPersonToName } from "./fact-phrases";
import { possessive } from "./first-person";
import type { AnalyzedSentence } from "./sentences";

const LIST_ITEM = /^\s*(?:\d{1,2}[.)]|[-*•–]|step\s+\d+\s*[:.)-]?)\s+(.+?)\s*$/i;
const FIRST_MARKER = /^(?:first(?:ly)?|to start|start by|begin by|step one)\b/i;
const LATER_MARKER = /^(?:then|next|after that|afterwards|second(?:ly)?|third(?:ly)?|finally|lastly|last)\b/i;
const INLINE_SPLIT = /,?\s*(?:and\s+)?\b(?:then|next|after that|afterwards|finally|lastly)\b\s*,?\s*/i;
const TO_DO = /^To\s+([a-z][\w\s'-]{2,60}?),\s+(?:you|just|simply|I|first|we|always)\b/;
const ASKS_FOR_HOW_TO = /\b(?:tips?|advice|suggestions?|recommendations?|how (?:do|can|should|did|would) (?:i|you|we)|how to)\b[^?]*\?/i;
const RECIPE = /\b(?:cups?|tbsp|tsp|teaspoons?|tablespoons?|oven|bake|boil|stir|whisk|ingredients?|recipe|flour|sugar|simmer|preheat|chop|fry|grams?)\b/i;
/** Imperatives that share or greet rather than instruct ("Check this pic", "Keep it up"). */
const SHARING = /^\W*(?:(?:also|and|just|so)\s+)?(?:check|look|take a look|see|guess|wish|thank|congrats|enjoy|keep it up|go for it|have fun|hang in|stay safe|say hi|let me|let's|lets)\b/i;
const LEADING_FILLER = new Set(["also", "just", "then", "and", "so", "first", "firstly", "finally", "next", "please", "always", "of", "course", "yep", "yes", "yeah", "oh"]);

/** True when a sentence gives an instruction: it opens with a bare verb ("Gather documents"), "don't", "make sure" or "be sure". */
export function isImperative(sentence: AnalyzedSentence): boolean {
  if (sentence.isQuestion) return false;
  if (/^\W*(?:(?:also|and|just|so)\s+)?(?:don't|do not|never|make sure|be sure|remember to|try to)\b/i.test(sentence.text)) return true;
  if (SHARING.test(sentence.text)) return false;
  const tokens = sentence.tokens.filter((token) => token.text !== "");
  const at = tokens.findIndex((token) => !LEADING_FILLER.has(token.normal) && !token.tags.has("Expression"));
  const first = tokens[at];
  if (!first) return false;
  const verb = (first.tags.has("Imperative") || first.tags.has("Infinitive")) && !first.tags.has("Modal") && !first.tags.has("Pronoun") && !first.tags.has("Gerund");
  // "brand identity is key": a noun phrase subject mis-tagged as a verb.
  const subjectFollows = tokens[at + 1]?.tags.has("Noun") === true && tokens[at + 2]?.tags.has("Verb") === true && !tokens[at + 1]?.tags.has("Pronoun");
  return verb && !subjectFollows;
}

function candidate(analyzed: AnalyzedMessage, summary: string, steps: string[], entryType: string): CandidateOf<"procedural"> {
  const cleanSteps = steps
    .map((step) => step.trim())
    .filter((step) => step.length > 0)
    .map((step) => step.charAt(0).toUpperCase() + step.slice(1));
  return {
    type: "procedural",
    text: `${summary}\n${cleanSteps.map((step, index) => `${index + 1}. ${step}`).join("\n")}`,
    sources: [analyzed.message.id],
    valid_from: analyzed.message.timestamp,
    importance: 0.6,
    key: "",
    entry_type: entryType,
    summary,
    steps: cleanSteps,
  };
}

/**
 * A procedural candidate when the message holds a how-to: a numbered or bulleted list of two or
 * more items; a sequence ("first ..., then ..., finally ..."); a "To <goal>, you ..." sentence;
 * or instructions (imperative sentences: "Gather documents ...", "Don't forget to ...") given in
 * reply to another speaker's request for tips or advice (`previous`, the message before it), or three or
 * more of them unprompted. `entry_type` is `recipe` (cooking words), `workflow` (lists and
 * sequences) or `instructions`. The summary and steps come only from this message.
 */
export function extractProcedural(analyzed: AnalyzedMessage, previous: { speaker: string; content: string } | undefined): CandidateOf<"procedural"> | undefined {
  const { speaker, content } = analyzed;
  const kindOf = (fallback: string): string => (RECIPE.test(content) ? "recipe" : fallback);

  const lines = content.split(/\r?\n/);
  const items = lines.map((line) => LIST_ITEM.exec(line)?.[1]).filter((item): item is string => item !== undefined);
  if (items.length >= 2) {
    const firstItemLine = lines.findIndex((line) => LIST_ITEM.test(line));
    const intro = lines.slice(0, firstItemLine).join(" ").trim().replace(/:\s*$/, "");
    const summary = truncate(intro !== "" ? `${speaker}: ${firstPersonToName(intro, speaker)}` : `Steps from ${speaker}`, 200);
    return candidate(analyzed, summary, items.map((item) => firstPersonToName(item, speaker)), kindOf("workflow"));
  }

  const statements = analyzed.sentences.filter((sentence) => !sentence.isQuestion);
  const firstIndex = statements.findIndex((sentence) => FIRST_MARKER.test(sentence.text.trim()));
  if (firstIndex >= 0) {
    const rest = statements.slice(firstIndex + 1);
    const lastMarker = rest.map((sentence) => LATER_MARKER.test(sentence.text.trim())).lastIndexOf(true);
    const sequence = statements.slice(firstIndex, firstIndex + 2 + lastMarker);
    const steps = sequence.flatMap((sentence) => renderSentence(sentence, speaker).split(INLINE_SPLIT));
    if (steps.length >= 2) {
      const intro = statements.slice(0, firstIndex).map((sentence) => renderSentence(sentence, speaker)).join(" ");
      return candidate(analyzed, truncate(intro || `Steps from ${speaker}`, 200), steps, kindOf("workflow"));
    }
  }

  const toIndex = statements.findIndex((sentence) => TO_DO.test(sentence.text.trim()));
  if (toIndex >= 0) {
    const goal = TO_DO.exec((statements[toIndex] as AnalyzedSentence).text.trim())?.[1] ?? "";
    const follow = statements.slice(toIndex).filter((sentence, index) => index === 0 || (!sentence.isFiller && sentence.text.length > 0)).slice(0, 5);
    return candidate(analyzed, `How to ${firstPersonToName(goal, speaker)} (${possessive(speaker)} way)`, follow.map((sentence) => renderSentence(sentence, speaker)), kindOf("instructions"));
  }

  const instructions = statements.filter((sentence) => !sentence.isFiller && isImperative(sentence));
  const prompted = previous !== undefined && previous.speaker !== analyzed.message.speaker && ASKS_FOR_HOW_TO.test(previous.content);
  if ((prompted && instructions.length >= 1) || instructions.length >= 3) {
    const steps = instructions.map((sentence) => renderSentence(sentence, speaker));
    return candidate(analyzed, `Advice from ${speaker}: ${truncate(steps[0] ?? "", 120)}`, steps, kindOf("instructions"));
  }
  return undefined;
}
