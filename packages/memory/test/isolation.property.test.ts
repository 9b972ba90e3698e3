import fc from "fast-check";
import { Engram, IdSchema, NotFoundError, ValidationError, type MemoryItem, type StoreStats, InMemoryMemoryStore } from "../src/index";

/** A fresh in-memory store for the default embedder (HashEmbedder, 512 dimensions): no folder per test. */
const inMemoryStore = () => new InMemoryMemoryStore({ dimensions: 512 });

/** Pieces of hostile input: SQL, LIKE wildcards, escapes, NUL, invisible and look-alike characters. */
const FRAGMENTS = [
  "'", "''", '"', "`", "%", "_", "\\", "\\'", "' OR '1'='1", "' OR 1=1 --", "'; DROP TABLE messages; --", ") OR (1=1",
  "victim", "VICTIM", "vіctim" /* Cyrillic і */, "victim\u200b", " victim", "victim ", "ｖｉｃｔｉｍ", "\u0000", "\u0007", "\n",
  "*", "NULL", "array_has(sources, 'm1')", "user_id", "\ud83d\ude00", "\u202e", "\ufeff",
];

/** Hostile strings: any code units (NUL and lone surrogates included), fragment mixes, and very long strings. */
const hostileString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 5 }).map((parts) => parts.join("")),
  fc.tuple(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 20 })).map(([fragment, rest]) => fragment + rest),
  fc.string({ minLength: 400, maxLength: 2000 }),
);

const VICTIM = { user_id: "victim" };
const VICTIM_WORD = "Perihelionmarmalade";
/** Runs per property, fixed seed so CI is reproducible. */
const RUNS = 80;
const FORGET_RUNS = 15;
const QUERY_RUNS = 100;
const SEED = 20241121;

/** Isolation: no call made with another user id, however hostile, reads, changes or deletes the victim's rows. */
describe("isolation between users (property-based)", () => {
  let engram: Engram;
  let victimItems: MemoryItem[];
  let victimStats: StoreStats;
  let victimSnapshot: string;

  /** The victim's items and messages, in a stable order, ignoring the access counters recall updates. */
  const snapshot = async () =>
    JSON.stringify(
      [await engram.list(VICTIM, { includeInvalid: true }), await engram.messages(VICTIM)].map((rows) =>
        rows.map((row) => ({ ...row, access_count: 0, last_accessed_at: null })).sort((a, b) => a.id.localeCompare(b.id)),
      ),
    );

  beforeAll(async () => {
    engram = await Engram.open({ store: inMemoryStore() });
    await engram.add(
      [
        { id: "m1", speaker: "Vic", content: `I live in Porto and I love ${VICTIM_WORD}.`, timestamp: "2024-03-01T10:00:00Z" },
        { id: "m2", speaker: "Vic", content: "My password for the bank is Hunter2-Secret and my email is vic@example.org.", timestamp: "2024-03-02T10:00:00Z" },
        { id: "m3", speaker: "Vic", content: "Yesterday I adopted a dog called Biscuit.", timestamp: "2024-03-03T10:00:00Z" },
      ],
      VICTIM,
    );
    victimItems = await engram.list(VICTIM, { includeInvalid: true });
    victimStats = await engram.stats(VICTIM);
    victimSnapshot = await snapshot();
    expect(victimItems.length).toBeGreaterThan(2);
  });
  afterAll(async () => {
    await engram.close();
  });

  afterEach(async () => {
    expect(await engram.stats(VICTIM)).toEqual(victimStats);
    expect(await snapshot()).toBe(victimSnapshot);
  });

  it(`reads, changes and deletes nothing of the victim through any API call (${RUNS} hostile user ids and queries)`, async () => {
    let tried = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(hostileString, hostileString, async (userId, query) => {
        fc.pre(userId !== VICTIM.user_id);
        tried += 1;
        const scope = { user_id: userId };
        const victimId = victimItems[tried % victimItems.length]!.id;
        if (!IdSchema.safeParse(userId).success) {
          for (const call of [() => engram.recall(query, scope), () => engram.list(scope), () => engram.messages(scope), () => engram.get(victimId, scope), () => engram.forget(scope)]) {
            await expect(call()).rejects.toThrow(ValidationError);
          }
          refused += 1;
          return;
        }
        // The victim's message ids are reused: ids are scoped by user, so each is new for the attacker
        // (unless fast-check repeats an attacker id, hence the run number).
        const messageId = `m1#${tried}`;
        const added = await engram.add([{ id: messageId, content: `Attacker note: ${query}`.slice(0, 5000), timestamp: "2024-04-01T10:00:00Z" }], scope);
        expect(added.messages.stored).toBe(1);
        const own = (item: { user_id: string }) => item.user_id === userId;
        const recalled = await engram.recall(query, scope, { revealSecrets: true });
        expect(recalled.items.every((entry) => own(entry.item))).toBe(true);
        expect(recalled.context).not.toContain(VICTIM_WORD);
        expect(recalled.context).not.toContain("Hunter2-Secret");
        expect((await engram.search(`${query} ${VICTIM_WORD}`, scope)).every((hit) => own(hit.item))).toBe(true);
        expect((await engram.list(scope, { includeInvalid: true })).every(own)).toBe(true);
        const messages = await engram.messages(scope, { revealSecrets: true });
        expect(messages.every((message) => message.user_id === userId)).toBe(true);
        expect(messages.map((message) => message.id)).toContain(messageId);
        await expect(engram.get(victimId, scope)).rejects.toThrow(NotFoundError);
        await expect(engram.update(victimId, { text: "owned" }, scope)).rejects.toThrow(NotFoundError);
        await expect(engram.delete(victimId, scope)).rejects.toThrow(NotFoundError);
        expect(await engram.history(victimId, scope)).toEqual([]);
        const exported = await engram.exportUser(scope);
        expect(exported.records.every((record) => record.user_id === userId)).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(tried).toBeGreaterThanOrEqual(RUNS);
    // Both paths are exercised: ids the schema refuses (NUL, control characters, > 512 chars) and accepted hostile ids.
    expect(refused).toBeGreaterThan(5);
    expect(tried - refused).toBeGreaterThan(RUNS / 2);
    if (process.env.ENGRAM_REPORT_COUNTS) console.log(`isolation: ${tried} user ids tried (${refused} refused by IdSchema, ${tried - refused} accepted), ${tried} queries`);
  }, 240_000);

  it(`searches only the victim's rows for any hostile query (${QUERY_RUNS} queries)`, async () => {
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(hostileString, async (query) => {
        tried += 1;
        const recalled = await engram.recall(query, VICTIM, { tokenBudget: 300 });
        expect(recalled.items.every((entry) => entry.item.user_id === VICTIM.user_id)).toBe(true);
        expect(recalled.tokens).toBeLessThanOrEqual(300);
      }),
      { numRuns: QUERY_RUNS, seed: SEED + 1 },
    );
    expect(tried).toBe(QUERY_RUNS);
  }, 120_000);

  it("keeps the LangGraph graphs scoped too, when their input state comes from outside (Studio)", async () => {
    const recallInput = (scope: unknown) => ({ query: VICTIM_WORD, recentTurns: [], scope, tokenBudget: 500, types: ["semantic", "episodic"], asOf: "2030-01-01T00:00:00Z" });
    const hostile = await engram.graphs.recall.invoke(recallInput({ user_id: "victim' OR '1'='1", agent_id: "engram" }) as never);
    expect(hostile.packed.items).toEqual([]);
    for (const scope of [{ user_id: { $ne: "" } }, { user_id: ["victim"] }, { user_id: 1 }, {}, null, { user_id: "victim\u0000" }]) {
      await expect(engram.graphs.recall.invoke(recallInput(scope) as never)).rejects.toThrow(ValidationError);
      await expect(engram.graphs.ingest.invoke({ input: [{ id: "g1", content: "hi" }], scope } as never)).rejects.toThrow(ValidationError);
    }
    const own = await engram.graphs.recall.invoke(recallInput({ user_id: "victim" }) as never);
    expect(own.packed.items.length).toBeGreaterThan(0);
  });

  it(`forgets only the named user, however hostile the id (${FORGET_RUNS} ids)`, async () => {
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(hostileString.filter((id) => id !== VICTIM.user_id && IdSchema.safeParse(id).success), async (userId) => {
        tried += 1;
        await engram.add([{ id: "f1", content: "A note to forget." }], { user_id: userId });
        await engram.forget({ user_id: userId });
        expect((await engram.stats({ user_id: userId })).messages).toBe(0);
        expect(await engram.stats(VICTIM)).toEqual(victimStats);
      }),
      { numRuns: FORGET_RUNS, seed: SEED + 2 },
    );
    expect(tried).toBe(FORGET_RUNS);
  }, 240_000);
});
