import type { AnalyzedMessage } from "./analyze-message";
import { withArticle } from "./fact-phrases";
import type { SelfFact } from "./self-facts";

/** Partners and children: stable enough for core memory. */
const CLOSE_RELATIONS = [
  "husband", "wife", "partner", "spouse", "boyfriend", "girlfriend", "fiance", "fiancé", "fiancee", "fiancée",
  "son", "sons", "daughter", "daughters", "kid", "kids", "child", "children", "baby", "babies", "stepson", "stepdaughter",
];
/** Other relatives and friends: facts about them go to semantic memory only. */
const OTHER_RELATIONS = [
  "mom", "mother", "dad", "father", "parents", "brother", "brothers", "sister", "sisters", "siblings", "grandma",
  "grandmother", "grandpa", "grandfather", "grandparents", "aunt", "uncle", "cousin", "cousins", "niece", "nephew",
  "best friend", "friend", "friends", "boss", "mentor", "roommate", "neighbor", "neighbour",
];
const PETS = [
  "dog", "dogs", "puppy", "puppies", "pup", "pups", "cat", "cats", "kitten", "kittens", "kitty", "bird", "birds", "parrot",
  "fish", "hamster", "guinea pig", "guinea pigs", "rabbit", "rabbits", "bunny", "horse", "horses", "turtle", "tortoise",
  "snake", "lizard", "gecko",
];
const PLURALS = new Set(["sons", "daughters", "kids", "children", "babies", "dogs", "puppies", "pups", "cats", "kittens", "birds", "guinea pigs", "rabbits", "horses"]);

const alternation = (words: readonly string[]): string => [...words].sort((a, b) => b.length - a.length).join("|");
const CLOSE = new RegExp(String.raw`\b(?:my|our)\s+(?:(?:two|three|four|\d|little|youngest|oldest|eldest|older|younger|new|lovely|amazing|wonderful|dear)\s+)*(${alternation(CLOSE_RELATIONS)})\b(?:,?\s+(?:named\s+|called\s+)?(\p{Lu}[\p{L}'-]+))?`, "giu");
const MY_PET = new RegExp(String.raw`\b(?:my|our)\s+(?:(?:new|little|old|sweet|two|three|\d)\s+)*(${alternation(PETS)})\b(?:,?\s+(?:named\s+|called\s+)?(\p{Lu}[\p{L}'-]+))?`, "giu");
const HAVE_PET = new RegExp(String.raw`\b(?:I|we)(?:'ve|\s+have)?\s+(?:got|have|adopted|own|rescued|bought|gotten|got\s+a\s+new)\s+(?:a|an|another|two|three|four|\d+)\s+(?:(?:new|little|cute|rescue)\s+)?(${alternation(PETS)})\b(?:,?\s+(?:named|called)\s+(\p{Lu}[\p{L}'-]+))?`, "giu");
const AND_PET = new RegExp(String.raw`\band\s+(?:a|an|two|three|\d+)\s+(?:(?:new|little|cute)\s+)?(${alternation(PETS)})\b`, "giu");
const OTHER = new RegExp(String.raw`\bmy\s+(?:(?:little|big|older|younger|best|dear|late|old|close)\s+)*(${alternation(OTHER_RELATIONS)})\b`, "giu");

/** `word` when it is capitalized and not a common sentence word (the regexes run case-insensitively). */
function properName(word: string | undefined): string | undefined {
  return word && /^\p{Lu}/u.test(word) && !/^(?:And|But|The|I|We|She|He|They|It|Who|That|This)$/.test(word) ? word : undefined;
}

/** Canonical singular for keys: `kids` → `kids` (kept), `pup` → `dog`, `kitty` → `cat`. */
function canonicalPet(pet: string): string {
  const lower = pet.toLowerCase();
  if (/^(?:dog|dogs|puppy|puppies|pup|pups)$/.test(lower)) return "dog";
  if (/^(?:cat|cats|kitten|kittens|kitty)$/.test(lower)) return "cat";
  return lower.replace(/s$/, "");
}

function hasPhrase(noun: string, name: string | undefined): string {
  const lower = noun.toLowerCase();
  const phrase = PLURALS.has(lower) ? lower : withArticle(lower);
  // "my daughter Sara's birthday": the name is Sara, not "Sara's".
  const bare = name?.replace(/['’]s$/u, "");
  return bare ? `${phrase} named ${bare}` : phrase;
}

/**
 * Family and pets the speaker mentions: "my husband and kids" → "Melanie has a husband",
 * "Melanie has kids"; "my daughter Emma" → "... has a daughter named Emma"; "we've got a pup and
 * a kitty" → "... has a dog", "... has a cat" (attribute `has`, object the relation). Mentions of
 * other relatives ("my grandma") give attribute `relative`, for semantic memory only.
 */
export function extractFamilyFacts(analyzed: AnalyzedMessage): SelfFact[] {
  const facts: SelfFact[] = [];
  const speaker = analyzed.speaker;
  const add = (fact: Omit<SelfFact, "keyBy" | "replaces">): void => {
    if (!facts.some((known) => known.attribute === fact.attribute && known.object === fact.object)) facts.push({ ...fact, keyBy: "object", replaces: false });
  };
  for (const sentence of analyzed.sentences) {
    if (sentence.isQuestion) continue;
    const text = sentence.text.replace(/[’‘]/g, "'");
    for (const match of text.matchAll(CLOSE)) {
      const noun = (match[1] ?? "").toLowerCase();
      const name = properName(match[2]);
      const object = /^(?:kid|kids|child|children|baby|babies)$/.test(noun) ? "kids" : noun;
      add({ attribute: "has", object: name ? `${object}|${name.toLowerCase()}` : object, value: `${speaker} has ${hasPhrase(noun, name)}`, importance: 0.8, sentence });
    }
    const pets = [...text.matchAll(MY_PET), ...text.matchAll(HAVE_PET)];
    if (pets.some((match) => match[0].toLowerCase().startsWith("i") || match[0].toLowerCase().startsWith("we"))) pets.push(...text.matchAll(AND_PET));
    for (const match of pets) {
      const noun = match[1] ?? "";
      const name = properName(match[2]);
      add({ attribute: "has", object: name ? `${canonicalPet(noun)}|${name.toLowerCase()}` : canonicalPet(noun), value: `${speaker} has ${hasPhrase(noun, name)}`, importance: 0.7, sentence });
    }
    for (const match of text.matchAll(OTHER)) {
      const noun = (match[1] ?? "").toLowerCase();
      add({ attribute: "relative", object: noun, value: `${speaker} has ${hasPhrase(noun, undefined)}`, importance: 0.5, sentence });
    }
  }
  return facts;
}
