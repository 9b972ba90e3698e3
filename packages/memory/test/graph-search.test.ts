import { conformanceItem } from "@engram/testing";
import { HashEmbedder } from "../src/embed/hash-embedder";
import type { TripletDraft } from "../src/graph/triplet-draft";
import { writeGraph } from "../src/graph/write-graph";
import { fuseRankedLists } from "../src/recall/fuse-ranked-lists";
import { deriveTopics } from "../src/recall/derive-topics";
import { queryCues, searchGraph } from "../src/recall/search-graph";
import { linkedToPerson } from "../src/recall/search-entity-items";
import { InMemoryMemoryStore } from "../src/store/in-memory-memory-store";

const T1 = "2023-05-08T13:56:00.000Z";
const NOW = new Date("2024-01-01T00:00:00.000Z");
const embedder = new HashEmbedder();

function triplet(subject: string, predicate: string, object: string, source: string, text = `${subject} ${predicate.replace(/_/g, " ")} ${object}`): TripletDraft {
  return { subject: { name: subject, type: "person" }, predicate, object: { name: object, type: "concept" }, text, sources: [source], valid_from: T1 };
}

async function graphStore(triplets: TripletDraft[], items: { id: string; text: string; sources: string[] }[]) {
  const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
  let next = 0;
  await writeGraph(triplets, { store, embedder, userId: "u", now: T1, newId: () => `id-${++next}`, cause: "test" });
  const vectors = await embedder.embedMany(items.map((item) => item.text));
  await store.upsertItems(
    "episodic",
    items.map((item, index) => ({ ...conformanceItem({ ...item, user_id: "u", type: "episodic", valid_from: T1, created_at: T1, updated_at: T1 }), vector: vectors[index]! })) as never,
  );
  return store;
}

async function search(store: InMemoryMemoryStore, query: string, options: { fanOut?: number; maxRelations?: number } = {}) {
  const topics = deriveTopics(query, [], NOW);
  const [vector] = await embedder.embedMany([topics.searchText]);
  return searchGraph(topics, { userId: "u", types: ["episodic"], asOf: NOW.toISOString(), vector: vector!, ...options }, { store });
}

describe("graph search", () => {
  it("links a possessive name in the query, follows one more hop, and ranks the items behind the relations", async () => {
    const store = await graphStore(
      [triplet("Melanie", "child", "Melanie's kids", "D2:7"), triplet("Melanie's kids", "likes", "dinosaurs", "D6:6", "Melanie's kids like dinosaurs"), triplet("Caroline", "likes", "painting", "D3:1")],
      [
        { id: "kids", text: "Melanie said her kids love dinosaurs", sources: ["D6:6"] },
        { id: "paint", text: "Caroline paints", sources: ["D3:1"] },
      ],
    );
    const result = await search(store, "What do Melanie's kids like?");
    expect(result.linked.map((entity) => entity.name)).toContain("Melanie's kids");
    expect(result.triplets.map((entry) => entry.relation.text)).toContain("Melanie's kids like dinosaurs");
    expect(result.triplets.map((entry) => entry.subject)).not.toContain("Caroline");
    const graphLists = result.lists.filter((list) => list.method === "graph");
    expect(graphLists).toHaveLength(1);
    expect(graphLists[0]).toMatchObject({ type: "episodic", method: "graph" });
    expect(graphLists[0]!.hits.map((hit) => hit.item.id)).toEqual(["kids"]);
  });

  it("bounds the fan-out per entity and the relations kept, and scores the second hop lower", async () => {
    const hobbies = Array.from({ length: 20 }, (_, index) => triplet("Ann", "likes", `hobby${index}`, `D1:${index}`));
    const store = await graphStore([...hobbies, triplet("Ann", "friend", "Bea", "D2:1"), triplet("Bea", "likes", "chess", "D2:2")], []);
    const bounded = await search(store, "What does Ann like?", { fanOut: 3, maxRelations: 50 });
    expect(bounded.triplets.filter((entry) => entry.hop === 1)).toHaveLength(3);
    const capped = await search(store, "What does Ann like?", { fanOut: 30, maxRelations: 5 });
    expect(capped.triplets).toHaveLength(5);
    const all = await search(store, "Who are Ann's friends and what do they like?", { fanOut: 30, maxRelations: 50 });
    const chess = all.triplets.find((entry) => entry.object === "chess")!;
    expect(chess.hop).toBe(2);
    expect(chess.score).toBeLessThan(all.triplets.find((entry) => entry.object === "Bea")!.score);
  });

  it("lists the items about the person the query names, ranked by the query's other words, without the other speaker's turns", async () => {
    const store = await graphStore(
      [triplet("Melanie", "likes", "pottery", "D1:9"), triplet("Caroline", "likes", "painting", "D1:8")],
      [
        { id: "own", text: "Melanie: I'm off to go swimming with the kids.", sources: ["D1:1"] },
        { id: "other", text: "Caroline: Swimming sounds fun, Melanie!", sources: ["D1:2"] },
        { id: "unrelated", text: "Melanie: I baked bread today.", sources: ["D1:3"] },
        { id: "named", text: "Melanie goes swimming every week.", sources: ["D1:4"] },
      ],
    );
    // `sport` asks about a kind of relation (`does_activity`): the entity list runs.
    const result = await search(store, "Where does Melanie go swimming for sport?");
    const entity = result.lists.find((list) => list.method === "entity")!;
    expect(entity.type).toBe("episodic");
    expect(entity.hits.map((hit) => hit.item.id).sort()).toEqual(["named", "own"]);
    expect(entity.hits.every((hit) => hit.score < 0)).toBe(true);
    expect((await search(store, "Where does Caroline go swimming for sport?")).lists.find((list) => list.method === "entity")!.hits.map((hit) => hit.item.id)).toEqual(["other"]);
  });

  it("adds no entity list when the query names nobody and the graph is reached by vector only", async () => {
    const store = await graphStore([triplet("Melanie", "likes", "swimming", "D1:9")], [{ id: "own", text: "Melanie: I'm off to go swimming with the kids.", sources: ["D1:1"] }]);
    const melanie = (await store.listGraphRows("entities", "u")).find((entity) => entity.name === "Melanie")!;
    const topics = deriveTopics("Who takes the kids to the lake?", [], NOW);
    // The query's vector is Melanie's own: she is linked by vector, not by name.
    const result = await searchGraph(topics, { userId: "u", types: ["episodic"], asOf: NOW.toISOString(), vector: melanie.vector }, { store });
    expect(result.linked.map((entity) => entity.name)).toContain("Melanie");
    expect(result.lists.some((list) => list.method === "entity")).toBe(false);
  });

  it("lists only the items behind relations the query asks about, and no entity list for a query asking about no kind", async () => {
    // Ann is a hub (most relations hang off her): the messages naming her are not listed for her alone.
    const hub = ["pottery", "jazz", "tea", "yoga", "chess"].map((object, index) => triplet("Ann", "likes", object, `D3:${index}`));
    const store = await graphStore(
      [...hub, triplet("Ann", "acquired", "new bike", "D1:1", "Ann got new bike"), triplet("Ann", "visited", "Rome", "D1:2", "Ann visited Rome")],
      [
        { id: "bike", text: "Ann: Just bought a new bike!", sources: ["D1:1"] },
        { id: "rome", text: "Ann: Rome was lovely.", sources: ["D1:2"] },
      ],
    );
    const bought = await search(store, "What items has Ann bought?");
    expect(bought.lists.filter((list) => list.method === "graph").flatMap((list) => list.hits.map((hit) => hit.item.id))).toEqual(["bike"]);
    expect(bought.lists.some((list) => list.method === "entity")).toBe(true);
    const unasked = await search(store, "What inspired Ann's bike ride?");
    expect(unasked.linked.map((entity) => entity.name)).toContain("Ann");
    expect(unasked.lists).toEqual([]);
  });

  it("links a name misspelled by one letter to the one person it fits, not a word two letters off or fitting two people", async () => {
    const store = await graphStore(
      [triplet("Jon", "visited", "Rome", "D1:1", "Jon visited Rome"), triplet("Dana", "visited", "Oslo", "D1:2"), triplet("Dina", "visited", "Lima", "D1:3")],
      [],
    );
    expect((await search(store, "Which city has John visited?")).linked.map((entity) => entity.name)).toEqual(["Jon"]);
    expect((await search(store, "Which city has Jona visited?")).linked.map((entity) => entity.name)).toEqual(["Jon"]);
    expect((await search(store, "Which city has Dena visited?")).linked.map((entity) => entity.name)).not.toEqual(expect.arrayContaining(["Dana"]));
    const bill = await graphStore([triplet("Bill", "visited", "Rome", "D1:1"), triplet("Jon", "visited", "Oslo", "D1:2")], []);
    expect((await search(bill, "Will Jon visit Rome?")).linked.map((entity) => entity.name)).not.toContain("Bill");
  });

  it("links a real misspelling but not one first name with a letter swapped for another known first name", async () => {
    const store = await graphStore(
      [triplet("Mark", "visited", "Rome", "D1:1"), triplet("Deborah", "visited", "Oslo", "D1:2"), triplet("Caroline", "visited", "Lima", "D1:3"), triplet("Gina", "visited", "Kyiv", "D1:4")],
      [],
    );
    const linked = async (query: string) => (await search(store, query)).linked.map((entity) => entity.name);
    // Mary and Mark, Gena and Gina: both known first names, one letter apart: two people, not a typo.
    expect(await linked("Which city has Mary visited?")).not.toContain("Mark");
    expect(await linked("Which city has Gena visited?")).not.toContain("Gina");
    // A dropped or added letter is a misspelling, even of a known name (Debora), and so is any slip to a word that is no name.
    expect(await linked("Which city has Debora visited?")).toEqual(["Deborah"]);
    expect(await linked("Which city has Carolin visited?")).toEqual(["Caroline"]);
    expect(await linked("Which city has Carolime visited?")).toEqual(["Caroline"]);
  });

  it.each([
    ["Erik", "Eric"],
    ["Bryan", "Brian"],
    ["Kristin", "Kristen"],
    ["Kaitlin", "Caitlin"],
    ["Catherine", "Katherine"],
    ["Jakob", "Jacob"],
    ["Marc", "Mark"],
  ])("links %p to the person %p: two spellings of one first name sound alike", async (query, person) => {
    const store = await graphStore([triplet(person, "visited", "Rome", "D1:1")], []);
    expect((await search(store, `Which city has ${query} visited?`)).linked.map((entity) => entity.name)).toEqual([person]);
  });

  it.each([
    ["Dan", "Dana"],
    ["Paul", "Paula"],
    ["Eric", "Erica"],
    ["Carl", "Carla"],
    ["Mary", "Mark"],
    ["Gena", "Gina"],
    ["Steven", "Stephen"],
  ])("does not link %p to the person %p: another name, not a spelling of it (Steven is two edits from Stephen)", async (query, person) => {
    const store = await graphStore([triplet(person, "visited", "Rome", "D1:1")], []);
    expect((await search(store, `Which city has ${query} visited?`)).linked.map((entity) => entity.name)).not.toContain(person);
  });

  it("reads no month, weekday, place, verb or sentence-opening word as a misspelled name, and looks for one only when no name matched", async () => {
    const people = ["Caroline", "Jane", "Rose", "Nate", "Evan", "Jon", "Sunni"];
    const store = await graphStore(people.map((person, index) => triplet(person, "likes", `tea ${index}`, `D1:${index}`)), []);
    const linked = async (query: string) => (await search(store, query)).linked.map((entity) => entity.name);
    expect(await linked("Which city did she visit in June?")).not.toContain("Jane");
    expect(await linked("What did she do on Sunday?")).not.toContain("Sunni");
    expect(await linked("Did she visit Rome?")).not.toContain("Rose");
    expect(await linked("Did Caroline visit Rome?")).toEqual(["Caroline"]);
    expect(await linked("Name a book she read.")).not.toContain("Nate");
    expect(await linked("Even so, which city has John visited?")).toEqual(["Jon"]);
    // An entity named exactly that is no person leaves the misspelled person in.
    expect(await linked("When did Jonn drink tea 5?")).toEqual(expect.arrayContaining(["Jon", "tea 5"]));
  });

  it("asks about the predicates two linked people share when the query asks what both have in common", () => {
    const linked = [{ id: "jon" }, { id: "gina" }];
    const relations = [
      { subject_id: "jon", predicate: "lost_job" },
      { subject_id: "gina", predicate: "lost_job" },
      { subject_id: "jon", predicate: "visited" },
    ];
    expect([...queryCues("What do Jon and Gina both have in common?", linked, relations)]).toEqual(["lost_job"]);
    expect(queryCues("What does Jon think of Gina?", linked, relations).has("lost_job")).toBe(false);
    expect(queryCues("What items has Jon bought?", linked, relations)).toEqual(new Set(["acquired"]));
    // Kinds of event in the plural ask for `attended`; one event named in the singular does not.
    expect(queryCues("Which events was Jon at?", linked, relations).has("attended")).toBe(true);
    expect(queryCues("Which event was Jon at?", linked, relations).has("attended")).toBe(false);
  });

  it("links an item to a person by its speaker, its actor, or a mention in no one's turn", () => {
    expect(linkedToPerson({ text: "Melanie: I went swimming." }, ["melanie", "mel"])).toBe(true);
    expect(linkedToPerson({ text: "Caroline: Hi Melanie!" }, ["melanie", "mel"])).toBe(false);
    expect(linkedToPerson({ text: "Went swimming.", actor: "Mel" }, ["melanie", "mel"])).toBe(true);
    expect(linkedToPerson({ text: "The kids love Mel's pottery." }, ["melanie", "mel"])).toBe(true);
    expect(linkedToPerson({ text: "The kids love Melanies pottery." }, ["mel"])).toBe(false);
  });

  it("returns nothing when the query names no entity of the user", async () => {
    const store = await graphStore([triplet("Ann", "likes", "chess", "D1:1")], [{ id: "x", text: "Ann plays chess", sources: ["D1:1"] }]);
    expect((await search(store, "What is the weather on Mars?")).lists).toEqual([]);
  });

  it("its list joins reciprocal rank fusion: an item only the graph found is fused in", () => {
    const item = (id: string) => conformanceItem({ id, user_id: "u", type: "episodic", text: `text ${id}` }) as never;
    const fused = fuseRankedLists([
      { type: "episodic", method: "vector", hits: [{ item: item("a"), score: 0.1 }] },
      { type: "episodic", method: "graph", hits: [{ item: item("g"), score: 0 }, { item: item("a"), score: 1 }] },
    ]);
    expect(fused.map((entry) => entry.item.id)).toEqual(["a", "g"]);
    expect(fuseRankedLists([{ type: "episodic", method: "graph", hits: [{ item: item("g"), score: 0 }] }], { methodWeights: { graph: 0 } })[0]!.score).toBe(0);
  });
});
