import * as nlpLibraries from "../src/text/nlp-libraries";
import { createOfflinePolicy } from "../src/ingest/offline/offline-policy";
import { analyzeMessage, PreparedParses } from "../src/ingest/offline/analyze-message";
import { ParseWorker } from "../src/ingest/offline/parse-worker";
import { rememberPresentTense } from "../src/ingest/offline/first-person";
import type { StoredMessage } from "../src/schema/message";
import { storedMessage } from "./stored-message";

// Every main-thread call of compromise goes through this spy.
jest.mock("../src/text/nlp-libraries", () => {
  const actual = jest.requireActual<typeof import("../src/text/nlp-libraries")>("../src/text/nlp-libraries");
  return { ...actual, nlp: jest.fn(actual.nlp) };
});

// Words no other test of this file drafts first: the conjugation, "I <word>" and phrase caches are
// per module, so a word drafted before would be cached and prove nothing.
const messages: StoredMessage[] = [
  storedMessage({ id: "D1:1", speaker: "Ada", content: "I juggle at the park every weekend." }),
  storedMessage({ id: "D1:2", speaker: "Ada", content: "I really adore dance and fashion so much." }),
  storedMessage({ id: "D1:3", speaker: "Ada", content: "On weekdays I still work at the old bakery." }),
];

type Drafted = Awaited<ReturnType<ReturnType<typeof createOfflinePolicy>["draft"]>>;

/** The same messages drafted by a policy without the worker, in a fresh module registry (empty caches: every answer computed on this thread). */
function draftedOnMainThread(): Promise<Drafted> {
  let policy!: typeof createOfflinePolicy;
  jest.isolateModules(() => {
    policy = (require("../src/ingest/offline/offline-policy") as typeof import("../src/ingest/offline/offline-policy")).createOfflinePolicy;
  });
  return policy({ parseWorker: false }).draft(messages);
}

describe("compromise lookups on the parse worker", () => {
  it("leave drafting nothing to ask compromise on the main thread, with the drafts of a main-thread policy", async () => {
    const policy = createOfflinePolicy();
    await policy.prepare!(messages);
    const calls = nlpLibraries.nlp as jest.Mock;
    calls.mockClear();
    const drafted = await policy.draft(messages);
    expect(calls).not.toHaveBeenCalled();
    const texts = drafted.episodic.map((candidate) => candidate.text).join("\n");
    expect(texts).toContain("Ada juggles");
    expect(texts).toContain("Ada still works");
    expect(drafted.semantic.map((candidate) => candidate.text)).toContain("Ada adores dance and fashion");
    expect(drafted).toEqual(await draftedOnMainThread());
  });

  it("answer as drafting's own compromise calls answer on the main thread", async () => {
    const verbs = ["love", "live", "watch", "mentor", "go", "paint", "xyzzy"];
    const phrases = ["dance and fashion so I go", "a safe, inviting place for people", "painting, but also"];
    const answers = await new ParseWorker().lookUp({ verbs, wordsAfterI: verbs, phrases });
    // The main-thread functions in a fresh module registry: empty caches, so each computes its answer with compromise.
    let firstPerson!: typeof import("../src/ingest/offline/first-person");
    let factPhrases!: typeof import("../src/ingest/offline/fact-phrases");
    jest.isolateModules(() => {
      firstPerson = require("../src/ingest/offline/first-person");
      factPhrases = require("../src/ingest/offline/fact-phrases");
    });
    expect(verbs.map((verb, i) => rememberPresentTense(verb, answers.presentTenses[i]))).toEqual(verbs.map(firstPerson.thirdPersonPresent));
    expect(answers.afterI).toEqual(verbs.map(firstPerson.isVerbAfterI));
    expect(answers.phraseTerms).toEqual(phrases.map(factPhrases.phraseTerms));
  });

  it("keep the parses when the lookups fail (drafting then asks compromise itself)", async () => {
    const real = new ParseWorker();
    const lookUp = jest.fn(() => Promise.reject(new Error("no lookups")));
    const worker = { parse: (texts: string[]) => real.parse(texts), lookUp } as unknown as ParseWorker;
    const prepared = new PreparedParses(worker);
    const message = storedMessage({ id: "D2:1", speaker: "Ada", content: "I whittle spoons, and bowls on Sundays." });
    await prepared.prepare([message]);
    await prepared.ready([message]);
    expect(lookUp).toHaveBeenCalled();
    const options = { ignoredNames: new Set<string>(), minContentWords: 2 };
    expect(analyzeMessage(message, { ...options, prepared })).toEqual(analyzeMessage(message, options));
    // Prepared again: the parse is kept although its lookups failed.
    await prepared.prepare([message]);
    await prepared.ready([message]);
    expect(prepared.take(message.content)).toBeDefined();
  });
});
