import type { CandidateOf } from "../../schema/memory-item";
import { stem } from "../../text/words";
import type { AnalyzedMessage } from "./analyze-message";
import { selfFactKey } from "./core-extractor";
import { renderSentence } from "./episodic-extractor";
import { possessive } from "./first-person";
import type { SelfFact } from "./self-facts";
import type { AnalyzedSentence, Token } from "./sentences";

const COPULAS = new Set(["is", "are", "was", "were", "has", "have"]);

/** Runs of Person-tagged tokens, e.g. `Amy Ellis Nutt`, skipping the batch's speakers. */
function peopleIn(sentence: AnalyzedSentence, ignoredNames: ReadonlySet<string>): string[] {
  const names: string[] = [];
  let run: Token[] = [];
  const flush = (): void => {
    const name = run.map((token) => token.text.replace(/['’]s$/, "")).join(" ");
    const first = run[0];
    if (first && /^\p{Lu}/u.test(first.text) && !ignoredNames.has(stem(first.normal.replace(/['’]s$/, "")))) names.push(name);
    run = [];
  };
  for (const token of sentence.tokens) {
    if (token.tags.has("Person") && token.text !== "") run.push(token);
    else flush();
    if (/[,;:!?.]/.test(token.post)) flush();
  }
  flush();
  return [...new Set(names)];
}

/** The proper noun a sentence opens with when a copula follows it ("Marley flooring is ..." → no; "Lisbon is ..." → "Lisbon"). */
function copulaSubject(sentence: AnalyzedSentence): string | undefined {
  const subject: Token[] = [];
  for (const token of sentence.tokens) {
    if (COPULAS.has(token.normal) || (token.text === "" && COPULAS.has(token.implicit))) break;
    if (!token.tags.has("ProperNoun") || token.tags.has("Pronoun") || /[,;:!?]/.test(token.post)) return undefined;
    subject.push(token);
  }
  if (subject.length === 0 || subject.length === sentence.tokens.length) return undefined;
  return subject.map((token) => token.text).join(" ");
}

/**
 * Semantic candidates: each self-fact as a third-person sentence about the speaker (keyed only
 * where a new value replaces the old: `speaker|lives_in`, `speaker|job`,
 * `speaker|favorite|book`; likes and family add up and get no key), facts about the speaker's relatives ("Caroline's grandma"), sentences
 * about other named people, and "<Proper noun> is ..." statements (no key: several can hold).
 */
export function extractSemantic(analyzed: AnalyzedMessage, facts: readonly SelfFact[], ignoredNames: ReadonlySet<string>): CandidateOf<"semantic">[] {
  const { message, speaker, speakerKey } = analyzed;
  const candidates: CandidateOf<"semantic">[] = [];
  const add = (name: string, summary: string, details: string, key: string, importance: number): void => {
    if (candidates.some((candidate) => candidate.summary === summary)) return;
    candidates.push({
      type: "semantic",
      text: summary,
      sources: [message.id],
      valid_from: message.timestamp,
      importance,
      key,
      name,
      summary,
      details,
      source: speaker,
    });
  };

  for (const fact of facts) {
    const details = renderSentence(fact.sentence, speaker);
    if (fact.attribute === "relative") add(`${possessive(speaker)} ${fact.object}`, details, "", "", fact.importance);
    else add(speaker, fact.value, details, fact.replaces ? selfFactKey(speakerKey, fact) : "", fact.importance);
  }

  for (const sentence of analyzed.sentences) {
    if (sentence.isQuestion || sentence.isFiller) continue;
    const people = peopleIn(sentence, ignoredNames);
    const subject = copulaSubject(sentence);
    if (people.length === 0 && !subject) continue;
    const summary = renderSentence(sentence, speaker);
    if (people.length > 0) add(people.join(", "), summary, "", "", 0.5);
    else if (subject && !ignoredNames.has(stem(subject.toLowerCase()))) add(subject, summary, "", "", 0.45);
  }
  return candidates;
}
