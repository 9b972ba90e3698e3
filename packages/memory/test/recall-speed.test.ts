import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engram } from "../src/engram";
import { createRecallRunner, recallNodes, runRecallNodes } from "../src/graphs/recall-graph";
import { HashEmbedder } from "../src/embed/hash-embedder";
import { deriveTopics } from "../src/recall/derive-topics";
import { searchMemories } from "../src/recall/search-memories";
import { UserItemsCache } from "../src/recall/user-items-cache";
import { parseLocomo } from "../src/io/locomo";
import { InMemoryMemoryStore } from "../src/store/in-memory-memory-store";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";

const DEV_FILE = join(__dirname, "../../../../shared/data/locomo/locomo-dev.json");
const sample = parseLocomo(JSON.parse(readFileSync(DEV_FILE, "utf8"))).find((entry) => entry.sample_id === "conv-30")!;
const scope = { user_id: "conv-30" };
const questions = sample.questions.slice(0, 25).map((question) => question.question);

describe("recall speed paths give the results of the plain paths", () => {
  let folder: string;
  let engram: Engram;
  /** The facade's store, opened here: the facade keeps its store private. */
  let store: LanceDbMemoryStore;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "engram-recall-speed-"));
    const embedder = new HashEmbedder();
    store = await LanceDbMemoryStore.open({ path: folder, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    engram = await Engram.open({ store, embedder, now: () => new Date("2024-01-01T00:00:00Z") });
    await engram.add(sample.messages.slice(0, 160), scope);
  });

  afterAll(async () => {
    await engram.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("packs smaller budgets from one recall exactly as separate recalls do", async () => {
    // The graph itself: the facade's access-count writes between recalls would change the store.
    // LanceDB may order full-text hits of equal score differently from one query to the next, so
    // a separate recall is compared whenever its fused list is the combined one's (almost always).
    const budgets = [500, 1000, 1500];
    const base = { recentTurns: [], scope: { ...scope, agent_id: "engram" }, asOf: "2024-01-01T00:00:00Z" };
    let compared = 0;
    for (const question of questions) {
      const combined = await engram.graphs.recall.invoke({ ...base, query: question, tokenBudget: 3000, extraTokenBudgets: budgets });
      expect(combined.extraPacked).toHaveLength(budgets.length);
      const fusedIds = combined.fused.map((entry) => entry.item.id).join(",");
      for (const [index, budget] of budgets.entries()) {
        const separate = await engram.graphs.recall.invoke({ ...base, query: question, tokenBudget: budget });
        if (separate.fused.map((entry) => entry.item.id).join(",") !== fusedIds) continue;
        compared += 1;
        const extra = combined.extraPacked![index]!;
        expect(extra.context).toBe(separate.packed.context);
        expect(extra.tokens).toBe(separate.packed.tokens);
        expect(extra.items.map((item) => item.id)).toEqual(separate.packed.items.map((item) => item.id));
      }
    }
    expect(compared).toBeGreaterThanOrEqual(questions.length * budgets.length * 0.8);
  });

  it("returns the extra budgets' contexts from the facade, in the order asked", async () => {
    const recalled = await engram.recall(questions[0]!, scope, { tokenBudget: 1500, extraTokenBudgets: [1000, 200] });
    expect(recalled.extraContexts?.map((extra) => extra.tokenBudget)).toEqual([1000, 200]);
    expect(recalled.extraContexts![1]!.tokens).toBeLessThanOrEqual(200);
    expect(recalled.extraContexts![0]!.tokens).toBeLessThanOrEqual(1000);
    await expect(engram.recall(questions[0]!, scope, { extraTokenBudgets: [0] })).rejects.toThrow("extraTokenBudgets");
  });

  it("searches a user's cached tables in process with the ranking LanceDB gives", async () => {
    const cache = new UserItemsCache(store);
    const embedder = new HashEmbedder();
    for (const question of [...questions, "What happened in May 2023?"]) {
      const topics = deriveTopics(question, [], new Date("2024-01-01T00:00:00Z"));
      const options = { userId: scope.user_id, types: ["core", "episodic", "semantic", "resource", "knowledge_vault"] as const, asOf: "2024-01-01T00:00:00Z" };
      const plain = await searchMemories(topics, { ...options, types: [...options.types] }, { store, embedder });
      const cached = await searchMemories(topics, { ...options, types: [...options.types] }, { store, embedder, cache });
      // Text lists come from the same LanceDB query either way; vector and time lists are compared by
      // their scores in order (items at equal distance may come in either order) and their items.
      const ofMethod = (lists: typeof plain) => lists.filter((list) => list.method !== "text" && list.hits.length > 0);
      expect(ofMethod(cached).map((list) => `${list.type}/${list.method}`)).toEqual(ofMethod(plain).map((list) => `${list.type}/${list.method}`));
      for (const [index, list] of ofMethod(plain).entries()) {
        const twin = ofMethod(cached)[index]!;
        expect(twin.hits.map((hit) => hit.item.id).sort()).toEqual(list.hits.map((hit) => hit.item.id).sort());
        for (const [position, hit] of list.hits.entries()) expect(twin.hits[position]!.score).toBeCloseTo(hit.score, 5);
      }
    }
  });

  it("searches a cached user's text in process by BM25 over the user's rows, close to LanceDB's ranking", async () => {
    const cache = new UserItemsCache(store);
    // One user in the store: the user's rows are the whole table, the corpus both BM25s count over.
    const reference = new InMemoryMemoryStore({ dimensions: store.dimensions });
    const types = ["episodic", "semantic", "resource"] as const;
    for (const type of types) await reference.upsertItems(type, (await cache.items(type, scope.user_id))!);
    const asOf = "2024-01-01T00:00:00Z";
    let lists = 0;
    let sameTop = 0;
    for (const question of questions) {
      const topics = deriveTopics(question, [], new Date(asOf));
      const query = [...new Set([...topics.entities, ...topics.keywords])].join(" ");
      const cached = await searchMemories(topics, { userId: scope.user_id, types: [...types], asOf }, { store, embedder: new HashEmbedder(), cache });
      for (const type of types) {
        const inProcess = cached.find((list) => list.type === type && list.method === "text")!.hits;
        const expected = await reference.textSearch(type, scope.user_id, query, { limit: 40, filter: { $or: [{ valid_to: { $isNull: true } }, { valid_to: { $gt: asOf } }] } });
        expect(inProcess.map((hit) => hit.score)).toEqual(expected.map((hit) => hit.score));
        expect(inProcess.map((hit) => hit.item.id).sort()).toEqual(expected.map((hit) => hit.item.id).sort());
        const lance = await store.textSearch(type, scope.user_id, query, { limit: 40 });
        if (lance.length === 0) continue;
        lists += 1;
        if (inProcess[0]?.item.id === lance[0]!.item.id) sameTop += 1;
      }
    }
    // The tokenizers differ a little (tantivy's and ours); the best hit mostly agrees.
    expect(lists).toBeGreaterThan(20);
    expect(sameTop / lists).toBeGreaterThanOrEqual(0.6);
  });

  it("runs the recall nodes directly, over a cache view with pinned versions, with the compiled graph's output", async () => {
    const deps = { store, embedder: new HashEmbedder(), now: () => new Date("2024-01-01T00:00:00Z"), cache: new UserItemsCache(store), citeSources: true };
    const { graph, run } = createRecallRunner(deps);
    const base = { scope: { ...scope, agent_id: "engram" }, asOf: "2024-01-01T00:00:00Z", tokenBudget: 1500, extraTokenBudgets: [500] };
    const inputs = [
      ...questions.map((query) => ({ ...base, query })),
      { ...base, query: "What did Jon do in May 2023?", recentTurns: ["Gina: I opened my store.", "Jon: Dancing keeps me going."] },
      { ...base, query: "Where did Gina go?", graph: false, types: ["episodic" as const, "semantic" as const] },
      { query: "Jon's business", scope: base.scope }, // defaults: budget, time, types
    ];
    for (const input of inputs) {
      const viaGraph = await graph.invoke(input);
      const direct = await run(input, {});
      for (const key of ["topics", "packed", "extraPacked", "lists", "triplets", "core", "fused", "warnings", "llm", "asOf", "tokenBudget"] as const) {
        expect([key, direct[key]]).toEqual([key, viaGraph[key]]);
      }
    }
  });

  it("stops a direct run with the reason of an aborted signal", async () => {
    const nodes = recallNodes({ store, embedder: new HashEmbedder(), now: () => new Date("2024-01-01T00:00:00Z") });
    const controller = new AbortController();
    controller.abort(new Error("caller gave up"));
    await expect(runRecallNodes(nodes, { query: "Jon", scope: { ...scope, agent_id: "engram" } }, { signal: controller.signal })).rejects.toThrow("caller gave up");
  });

  it("rejects a direct run as soon as its signal aborts, while a node still waits (here on the embedder)", async () => {
    const controller = new AbortController();
    const hash = new HashEmbedder();
    const stuck = { modelId: hash.modelId, dimensions: hash.dimensions, embedMany: () => {
      controller.abort(new Error("caller gave up mid-search"));
      return new Promise<number[][]>(() => undefined);
    } };
    const nodes = recallNodes({ store, embedder: stuck as unknown as HashEmbedder, now: () => new Date("2024-01-01T00:00:00Z") });
    await expect(runRecallNodes(nodes, { query: "Jon", scope: { ...scope, agent_id: "engram" } }, { signal: controller.signal })).rejects.toThrow("caller gave up mid-search");
  });

  it("gives the same recall through the facade's direct run and with explain (the compiled graph)", async () => {
    for (const question of questions.slice(0, 5)) {
      const plain = await engram.recall(question, scope, { asOf: "2024-01-01T00:00:00Z" });
      const explained = await engram.recall(question, scope, { asOf: "2024-01-01T00:00:00Z", explain: true });
      expect(plain.context).toBe(explained.context);
      expect(plain.topics).toEqual(explained.topics);
      expect(explained.explain?.packing.length).toBeGreaterThan(0);
    }
  });

  it("sees rows another process commits after the cache was filled", async () => {
    await engram.recall("Where did Jon go?", scope);
    const other = await Engram.open({ path: folder, now: () => new Date("2024-01-01T00:00:00Z") });
    try {
      await other.add([{ id: "late-1", role: "user", speaker: "Jon", content: "I adopted a parrot named Quetzalcoatl yesterday.", timestamp: "2023-12-30T10:00:00Z" }], scope);
    } finally {
      await other.close();
    }
    const recalled = await engram.recall("Jon parrot Quetzalcoatl", scope);
    expect(recalled.items.some((item) => item.sources.includes("late-1"))).toBe(true);
  });
});
