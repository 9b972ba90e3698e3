import { Engram, HashEmbedder, InMemoryMemoryStore } from "@engram/memory";
import { WARM_UP_QUERIES, warmUpRecalls } from "../src/warm-up-recalls";

/** The bench's warm-up before each sample's timed recalls: it notes no access counts, so the timed recalls' contexts are what they would be without it. */
describe("warmUpRecalls", () => {
  it("notes no access and leaves the contexts of later recalls unchanged", async () => {
    const embedder = new HashEmbedder();
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    const engram = await Engram.open({ store, embedder, now: () => new Date("2024-06-10T12:00:00Z"), citeSources: false });
    const scope = { user_id: "conv-1" };
    await engram.add(
      [
        { id: "D1:1", speaker: "Ada", content: "I adopted a puppy called Pepper last week!", timestamp: "2024-06-01T10:00:00Z" },
        { id: "D1:2", speaker: "Bo", content: "My family went to the beach in May and we loved it.", timestamp: "2024-06-01T10:01:00Z" },
        { id: "D1:3", speaker: "Ada", content: "I have been learning to paint for two years now.", timestamp: "2024-06-01T10:02:00Z" },
      ],
      scope,
    );
    const questions = ["What pet did Ada adopt?", "Where did Bo's family go in May?"];
    const contexts = async () => Promise.all(questions.map(async (question) => (await engram.recall(question, scope, { tokenBudget: 1500, extraTokenBudgets: [500], noteAccess: false })).context));
    const before = await contexts();

    await warmUpRecalls(engram, scope, { count: WARM_UP_QUERIES.length, tokenBudget: 1500, extraTokenBudgets: [500] });
    await engram.flushAccess();

    const items = (await Promise.all((["semantic", "episodic", "core"] as const).map((type) => store.listItems(type, scope.user_id)))).flat();
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.access_count === 0 && item.last_accessed_at === null)).toBe(true);
    expect(await contexts()).toEqual(before);
    expect(WARM_UP_QUERIES.length).toBe(20);
    expect(questions.some((question) => WARM_UP_QUERIES.includes(question))).toBe(false);
    await engram.close();
  });
});
