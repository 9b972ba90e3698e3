import type { AnalyzedMessage } from "./analyze-message";
import { slug } from "../../text/normalize-text";
import { eventDates } from "./episodic-extractor";
import { firstPersonToName, leadingProperNoun, objectPhrase, withArticle, type TaggedWord } from "./fact-phrases";
import { possessive } from "./first-person";
import { datePhrase } from "./resolve-dates";
import type { AnalyzedSentence } from "./sentences";

/** A stable fact the speaker states about themself ("I live in Lisbon", "I love painting"). */
export interface SelfFact {
  /** `name`, `lives_in`, `from`, `job`, `employer`, `studies`, `business`, `relationship_status`, `age`, `has`, `identity`, `likes`, `favorite`. */
  attribute: string;
  /** What the attribute is about, for multi-valued keys: `painting`, `daughter`, `book`. */
  object: string;
  /** The fact as a short third-person line: "Caroline lives in Lisbon (moved there in April 2023)". */
  value: string;
  /** Keys are `speaker|attribute` for single-valued attributes (lives_in, job), else `speaker|attribute|object`. */
  keyBy: "attribute" | "object";
  /**
   * True when a new value under the same key replaces the old one (lives_in, job, favorite book),
   * so semantic memory may invalidate on it; false for likes and family, where values add up.
   */
  replaces: boolean;
  importance: number;
  sentence: AnalyzedSentence;
}

interface FactContext {
  speaker: string;
  /** The sentence's first event date as a phrase ("in April 2023"), if any. */
  when: string | undefined;
  sentence: string;
  /** `objectPhrase` of group `group` of `match` (a match of `sentence` made with the `d` flag), cut with the tags the message's parse gave its words. */
  objectOf: (match: RegExpExecArray, group: number, maxWords?: number) => string | undefined;
}

type Built = { object: string; value: string } | undefined;

interface FactPattern {
  attribute: string;
  keyBy: "attribute" | "object";
  replaces?: boolean;
  importance: number;
  pattern: RegExp;
  build: (match: RegExpExecArray, context: FactContext) => Built;
}

const ADVERBS = String.raw`(?:(?:really|absolutely|totally|just|also|still|truly|so|do|genuinely|honestly|now|currently|recently|finally|officially|actually)\s+)*`;
const I_AM = String.raw`\bI(?:'m|\s+am)\s+` + ADVERBS;
const OCCUPATIONS =
  "teacher|nurse|doctor|engineer|developer|programmer|designer|student|banker|counsel+or|therapist|artist|painter|dancer|musician|singer|writer|author|journalist|lawyer|accountant|chef|cook|baker|manager|consultant|scientist|researcher|professor|lecturer|pharmacist|dentist|vet|veterinarian|firefighter|police officer|soldier|pilot|mechanic|electrician|plumber|carpenter|architect|photographer|entrepreneur|freelancer|analyst|marketer|cashier|waiter|waitress|barista|librarian|social worker|psychologist|coach|trainer|instructor|tutor|editor|producer|director|actor|actress|stylist|hairdresser|farmer|gardener|secretary|receptionist|intern|ceo|founder|caregiver|nanny|paramedic|surgeon|physician|choreographer";
const IDENTITIES =
  "transgender|trans|gay|lesbian|bisexual|bi|queer|non-binary|nonbinary|asexual|pansexual|intersex|genderqueer|christian|muslim|jewish|buddhist|hindu|atheist|catholic|vegan|vegetarian";
const IDENTITY_NOUNS = "woman|man|person|girl|boy|guy|lady|mom|mother|dad|father|parent|individual";
const PARENT_ROLES = "mom|mother|dad|father|parent|grandmother|grandfather|grandma|grandpa|veteran|immigrant|single parent|single mom|single dad";
const STATUS = "married|engaged|divorced|single|separated|widowed";
const VENTURES = "business|company|studio|store|shop|startup|restaurant|bakery|cafe|café|agency|brand|clinic|practice|boutique|salon|gym|blog|channel|podcast";
const PREFERENCE_VERBS: Record<string, string> = {
  love: "loves", like: "likes", enjoy: "enjoys", adore: "adores", hate: "hates", dislike: "dislikes",
  "can't stand": "can't stand", "cannot stand": "can't stand", "don't like": "doesn't like", "do not like": "doesn't like",
};
/** True when the nearest pronoun before `index` is first person ("my path as a ...", not "your courage as a ..."). */
function ownedBySpeaker(sentence: string, index: number): boolean {
  const pronouns = [...sentence.slice(0, index + 6).matchAll(/\b(I|I'm|my|me|myself|you|your|yourself|he|his|him|she|her|they|their|them)\b/gi)];
  const last = pronouns[pronouns.length - 1]?.[1]?.toLowerCase();
  return last !== undefined && ["i", "i'm", "my", "me", "myself"].includes(last);
}
const when = (context: FactContext): string => (context.when ? ` (${context.when})` : "");
const place = (text: string | undefined): string | undefined => leadingProperNoun(text ?? "");

const PATTERNS: FactPattern[] = [
  {
    attribute: "name", keyBy: "attribute", importance: 0.9,
    pattern: /\b(?:my name is|my name's|call me|I go by)\s+(\S+(?:\s+\S+)?)/i,
    build: (m, c) => { const name = place(m[1]); return name ? { object: name, value: `${possessive(c.speaker)} name is ${name}` } : undefined; },
  },
  {
    attribute: "lives_in", keyBy: "attribute", importance: 0.8,
    pattern: /\bI(?:'ve|\s+have|'m|\s+am)?\s+(?:just\s+|recently\s+|finally\s+|now\s+|officially\s+)?(moved|relocated|moving|relocating)\s+(?:back\s+)?to\s+(.+)/i,
    build: (m, c) => {
      const city = place(m[2]);
      if (!city) return undefined;
      const future = /ing$/i.test(m[1] ?? "");
      return { object: city, value: future ? `${c.speaker} is moving to ${city}${when(c)}` : `${c.speaker} lives in ${city}${c.when ? ` (moved there ${c.when})` : ""}` };
    },
  },
  {
    attribute: "lives_in", keyBy: "attribute", importance: 0.8,
    pattern: /\bI(?:\s+(?:currently|now|still))?\s+(?:live|reside)\s+in\s+(.+)|\bI(?:'m|\s+am)\s+(?:currently\s+|now\s+)?(?:living|based|staying)\s+in\s+(.+)/i,
    build: (m, c) => { const city = place(m[1] ?? m[2]); return city ? { object: city, value: `${c.speaker} lives in ${city}` } : undefined; },
  },
  {
    attribute: "from", keyBy: "attribute", importance: 0.7,
    pattern: /\bI(?:'m|\s+am)\s+(?:originally\s+)?from\s+(.+)|\bmy home (?:country|town|city)\s*(?:,|is|of)?\s*(.+)|\bI\s+(?:grew up|was born and raised|was born|was raised)\s+in\s+(.+)/i,
    build: (m, c) => { const origin = place(m[1] ?? m[2] ?? m[3]); return origin ? { object: origin, value: `${c.speaker} is from ${origin}` } : undefined; },
  },
  {
    attribute: "job", keyBy: "attribute", importance: 0.8,
    pattern: new RegExp(String.raw`${I_AM}(?:working\s+as\s+)?(an?\s+(?:[\w-]+\s+){0,2}?(?:${OCCUPATIONS}))\b(?!\s+(?:at heart|by nature))`, "i"),
    build: (m, c) => ({ object: m[1] ?? "", value: `${c.speaker} is ${m[1] ?? ""}` }),
  },
  {
    attribute: "employer", keyBy: "attribute", importance: 0.7,
    pattern: new RegExp(String.raw`${I_AM}(?:working\s+as\s+)?an?\s+(?:[\w-]+\s+){0,2}?(?:${OCCUPATIONS})\s+(?:at|for|with)\s+(.+)`, "i"),
    build: (m, c) => { const employer = place(m[1]); return employer ? { object: employer, value: `${c.speaker} works at ${employer}` } : undefined; },
  },
  {
    attribute: "job", keyBy: "attribute", importance: 0.8,
    pattern: /\bI\s+(?:currently\s+|now\s+)?work\s+as\s+(an?\s+[^,.!?;]{2,40}?)(?=\s+(?:at|for|in|and|but)\b|[,.!?;]|$)/i,
    build: (m, c) => ({ object: m[1] ?? "", value: `${c.speaker} works as ${m[1] ?? ""}` }),
  },
  {
    attribute: "employer", keyBy: "attribute", importance: 0.7,
    pattern: /\bI\s+(?:currently\s+|now\s+)?work(?:\s+as\s+[^,.!?;]+?)?\s+(?:at|for)\s+(.+)/i,
    build: (m, c) => { const employer = place(m[1]); return employer ? { object: employer, value: `${c.speaker} works at ${employer}` } : undefined; },
  },
  {
    attribute: "job", keyBy: "attribute", importance: 0.8,
    pattern: /\b(lost|quit|left)\s+my\s+job(?:\s+as\s+(an?\s+[\w -]+?)(?=[,.!?;]|\s+(?:yesterday|last|this|and|but|so)\b|$)|\s+at\s+(.+))?/i,
    build: (m, c) => {
      const employer = m[3] ? place(m[3]) : undefined;
      const detail = m[2] ? ` as ${m[2]}` : employer ? ` at ${employer}` : "";
      return { object: "job", value: `${c.speaker} ${(m[1] ?? "lost").toLowerCase()} their job${detail}${when(c)}` };
    },
  },
  {
    attribute: "studies", keyBy: "attribute", importance: 0.7,
    pattern: new RegExp(String.raw`${I_AM}(?:studying|majoring in|doing a (?:degree|masters|master's|phd|bachelor's) in)\s+([^,.!?;]{2,40}?)(?=\s+(?:at|in|and|but|because)\b|[,.!?;]|$)`, "i"),
    build: (m, c) => ({ object: m[1] ?? "", value: `${c.speaker} is studying ${firstPersonToName(m[1] ?? "", c.speaker)}` }),
  },
  {
    attribute: "business", keyBy: "attribute", importance: 0.75,
    pattern: new RegExp(String.raw`\bI(?:'m|\s+am|'ve|\s+have)?\s+${ADVERBS}(start(?:ing|ed)?|open(?:ing|ed)?|launch(?:ing|ed)?|run(?:ning)?|own(?:ing)?)\s+(my own|my|a|an)\s+((?:[\w-]+\s+){0,3}?(?:${VENTURES}))\b`, "i"),
    build: (m, c) => {
      const verb = (m[1] ?? "").toLowerCase();
      const thing = withArticle(`${m[2]?.toLowerCase() === "my own" ? "own " : ""}${m[3] ?? ""}`);
      const phrase = verb.endsWith("ing") ? `is ${verb} ${thing}` : /ed$/.test(verb) ? `${verb} ${thing}` : `${verb}s ${thing}`;
      return { object: m[3] ?? "", value: `${c.speaker} ${phrase}${when(c)}` };
    },
  },
  {
    attribute: "relationship_status", keyBy: "attribute", importance: 0.8,
    pattern: new RegExp(String.raw`\bI(?:'m|\s+am|'ve\s+been|\s+have\s+been|\s+got|\s+just\s+got|\s+was)\s+(?:happily\s+|recently\s+|newly\s+|now\s+)?(${STATUS})\b`, "i"),
    build: (m, c) => ({ object: (m[1] ?? "").toLowerCase(), value: `${c.speaker} is ${(m[1] ?? "").toLowerCase()}${when(c)}` }),
  },
  {
    attribute: "age", keyBy: "attribute", importance: 0.7,
    pattern: /\bI(?:'m|\s+am|\s+just\s+turned|\s+turned)\s+(\d{1,3}|[a-z]+(?:-[a-z]+)?)(?:\s+(?:years?|yrs)\s+old|\s*y\/o)\b|\bI\s+just\s+turned\s+(\d{1,3})\b/i,
    build: (m, c) => ({ object: "age", value: `${c.speaker} is ${m[1] ?? m[2] ?? ""} years old${when(c)}` }),
  },
  {
    attribute: "identity", keyBy: "object", importance: 0.9,
    pattern: new RegExp(String.raw`(?:${I_AM}|\bas\s+)(an?\s+)?((?:proud\s+)?(?:${IDENTITIES})(?:\s+(?:${IDENTITY_NOUNS}))?)\b`, "i"),
    build: (m, c) => {
      if (!ownedBySpeaker(c.sentence, m.index)) return undefined;
      const phrase = (m[2] ?? "").toLowerCase();
      const hasNoun = new RegExp(String.raw`\b(?:${IDENTITY_NOUNS})$`).test(phrase);
      return { object: phrase.replace(/^proud\s+/, ""), value: `${c.speaker} is ${hasNoun ? withArticle(phrase) : phrase}` };
    },
  },
  {
    attribute: "identity", keyBy: "object", importance: 0.75,
    pattern: new RegExp(String.raw`(?:${I_AM}|\bI\s+love\s+being\s+)(an?\s+(?:proud\s+|stay-at-home\s+|working\s+)?(?:${PARENT_ROLES}))\b(?!\s+(?:of|to)\b)`, "i"),
    build: (m, c) => ({ object: (m[1] ?? "").replace(/^an?\s+/i, "").toLowerCase(), value: `${c.speaker} is ${(m[1] ?? "").toLowerCase()}` }),
  },
  {
    attribute: "likes", keyBy: "object", importance: 0.6,
    pattern: new RegExp(String.raw`(?:^|[,;:–—-]\s*|\b(?:and|but|so|because)\s+)I\s+${ADVERBS}(love|like|enjoy|adore|hate|dislike|can't stand|cannot stand|don't like|do not like)\s+(.+)`, "id"),
    build: (m, c) => {
      const object = c.objectOf(m, 2);
      return object ? { object, value: `${c.speaker} ${PREFERENCE_VERBS[(m[1] ?? "love").toLowerCase()] ?? "likes"} ${object}` } : undefined;
    },
  },
  {
    attribute: "likes", keyBy: "object", importance: 0.6,
    pattern: new RegExp(String.raw`${I_AM}((?:an?\s+)?(?:big\s+|huge\s+)?fan\s+of|passionate\s+about|into|obsessed\s+with|crazy\s+about|keen\s+on)\s+(.+)`, "id"),
    build: (m, c) => {
      const object = c.objectOf(m, 2);
      return object ? { object, value: `${c.speaker} is ${(m[1] ?? "").toLowerCase()} ${object}` } : undefined;
    },
  },
  {
    attribute: "favorite", keyBy: "object", replaces: true, importance: 0.6,
    pattern: /\bmy\s+(?:all-time\s+)?(?:favorite|favourite|fave|fav)\s+([\p{L} ]{2,30}?)\s+(?:is|was|has always been|would be|are)\s+(.+)/diu,
    build: (m, c) => {
      const object = c.objectOf(m, 2, 8);
      const category = (m[1] ?? "").toLowerCase();
      return object ? { object: category, value: `${possessive(c.speaker)} favorite ${category} is ${object}` } : undefined;
    },
  },
  {
    attribute: "likes", keyBy: "object", importance: 0.6,
    pattern: /^(?:\W*)((?:[\p{L}'-]+\s+){0,3}?[\p{L}'-]+)\s+(?:is|are)\s+(?:pretty much\s+|really\s+|definitely\s+|totally\s+)?my\s+((?:all-time\s+)?(?:favorite|favourite|fave|fav|top pick|go-to|passion|escape|thing))\b/diu,
    build: (m, c) => {
      const object = c.objectOf(m, 1, 4);
      return object ? { object, value: `${object} is ${possessive(c.speaker)} ${(m[2] ?? "").toLowerCase()}` } : undefined;
    },
  },
];

/** Where group `group` of a match made with the `d` flag starts in the matched text. */
function groupStart(match: RegExpExecArray, group: number): number {
  return match.indices?.[group]?.[0] ?? match.index;
}

/**
 * Finds stable first-person facts in the message's statements (questions are skipped): name,
 * where the speaker lives or comes from, job, employer, studies, business, relationship status,
 * age, identity, likes, dislikes and favorites. Family and pets are in `family-facts.ts`.
 */
export function extractSelfFacts(analyzed: AnalyzedMessage): SelfFact[] {
  const facts: SelfFact[] = [];
  for (const sentence of analyzed.sentences) {
    if (sentence.isQuestion) continue;
    const text = sentence.text.replace(/[’‘]/g, "'");
    const firstDate = eventDates([sentence])[0];
    // The words from the group's start on, their offsets counted from there.
    const objectOf = (match: RegExpExecArray, group: number, maxWords?: number): string | undefined => {
      const start = sentence.start + groupStart(match, group);
      const words: TaggedWord[] = sentence.tokens.filter((token) => token.start >= start).map((token) => ({ tags: token.tags, start: token.start - start }));
      return objectPhrase(match[group] ?? "", analyzed.speaker, words, maxWords);
    };
    const context: FactContext = { speaker: analyzed.speaker, when: firstDate ? datePhrase(firstDate) : undefined, sentence: text, objectOf };
    for (const rule of PATTERNS) {
      const match = rule.pattern.exec(text);
      if (!match) continue;
      const built = rule.build(match, context);
      if (!built || built.object.trim() === "") continue;
      if (facts.some((fact) => fact.attribute === rule.attribute && slug(fact.object) === slug(built.object))) continue;
      facts.push({ attribute: rule.attribute, object: built.object.trim(), value: built.value, keyBy: rule.keyBy, replaces: rule.replaces ?? rule.keyBy === "attribute", importance: rule.importance, sentence });
    }
  }
  return facts;
}
