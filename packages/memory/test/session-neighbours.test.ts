import { conformanceItem } from "@engram/testing";
import type { FusedItem } from "../src/recall/fuse-ranked-lists";
import { addSessionNeighbours } from "../src/recall/session-neighbours";
import type { MemoryItem } from "../src/schema/memory-item";
import type { StoredMessage } from "../src/schema/message";
import { InMemoryMemoryStore } from "../src/store/in-memory-memory-store";

const user = "u1";

function message(id: string, seq: number, session: string, content: string, speaker = "Caroline", role: StoredMessage["role"] = "user"): StoredMessage {
  const at = "2023-05-08T13:56:00.000Z";
  return { id, user_id: user, agent_id: "engram", session_id: session, role, speaker, content, timestamp: at, image_caption: "", image_url: "", ingested_at: at, seq, processed_at: at, error: null };
}

const event = (id: string, source: string) => conformanceItem({ id, user_id: user, type: "episodic", text: `event ${id}`, sources: [source], vector: [1, 0, 0, 0] } as never);

describe("addSessionNeighbours", () => {
  it("puts the events of the turns before and after a strong hit right behind it, within its session", async () => {
    const store = new InMemoryMemoryStore({ dimensions: 4 });
    await store.putMessages([
      message("D1:9", 0, "session_1", "Bye!"),
      message("D2:1", 1, "session_2", "What did you paint?"),
      message("D2:2", 2, "session_2", "A sunset over the lake."),
      message("D2:3", 3, "session_2", "Lovely colours."),
      message("D3:1", 4, "session_3", "Hi again!"),
    ]);
    await store.upsertItems("episodic", [event("bye", "D1:9"), event("question", "D2:1"), event("answer", "D2:2"), event("colours", "D2:3"), event("hi", "D3:1"), event("other", "D3:1")] as never);
    const asItem = (id: string) => ({ ...(event(id, "") as unknown as MemoryItem), id });
    const fused: FusedItem[] = [
      { item: { ...asItem("question"), sources: ["D2:1"] }, score: 0.9 },
      { item: { ...asItem("other"), sources: ["D3:1"] }, score: 0.5 },
      { item: { ...asItem("answer"), sources: ["D2:2"] }, score: 0.1 },
    ];
    const result = await addSessionNeighbours(fused, { userId: user, asOf: "2024-01-01T00:00:00.000Z", hits: 1, questionHits: 1 }, { store });
    // D2:1's neighbours: D2:2 (moved up from the end) only; D1:9 is in another session.
    expect(result.map(({ item }) => item.id)).toEqual(["question", "answer", "other"]);
    expect(result[1]!.score).toBeCloseTo(0.9 * 0.99);
  });

  it("puts the answer right behind a weaker hit whose turn asks a question, and nothing behind one that does not ask", async () => {
    const store = new InMemoryMemoryStore({ dimensions: 4 });
    await store.putMessages([
      message("D1:1", 0, "session_1", "We went camping last week."),
      message("D1:2", 1, "session_1", "Wow! What do you love most about camping? We never go."),
      message("D1:3", 2, "session_1", "Being together by the fire."),
      message("D1:4", 3, "session_1", "I love the quiet at night."),
      message("D1:5", 4, "session_1", "So peaceful."),
    ]);
    await store.upsertItems("episodic", [event("went", "D1:1"), event("asks", "D1:2"), event("answer", "D1:3"), event("quiet", "D1:4"), event("peaceful", "D1:5")] as never);
    const asItem = (id: string, source: string) => ({ ...(event(id, source) as unknown as MemoryItem), id });
    const fused: FusedItem[] = [
      { item: asItem("top", "X:1"), score: 0.9 },
      { item: asItem("asks", "D1:2"), score: 0.5 },
      { item: asItem("quiet", "D1:4"), score: 0.4 },
      { item: asItem("answer", "D1:3"), score: 0.01 },
    ];
    const result = await addSessionNeighbours(fused, { userId: user, asOf: "2024-01-01T00:00:00.000Z", hits: 1, questionHits: 3 }, { store });
    // D1:2 asks (not at its end): D1:3 moves up behind it (D1:1 before it does not); D1:4 asks nothing: D1:5 stays out.
    expect(result.map(({ item }) => item.id)).toEqual(["top", "asks", "answer", "quiet"]);
    expect(result[2]!.score).toBeCloseTo(0.5 * 0.99);
    // Past `questionHits` nothing moves, and neither does a turn among the hits looked at.
    for (const questionHits of [1, 4]) {
      const unchanged = await addSessionNeighbours(fused, { userId: user, asOf: "2024-01-01T00:00:00.000Z", hits: 1, questionHits }, { store });
      expect(unchanged.map(({ item }) => item.id)).toEqual(["top", "asks", "quiet", "answer"]);
    }
  });

  it("moves the other events of a strong hit's neighbour turn even when one of that turn's events ranks among the hits", async () => {
    const store = new InMemoryMemoryStore({ dimensions: 4 });
    await store.putMessages([message("M0", 0, "s1", "I paint."), message("M1", 1, "s1", "We went to Paris and saw the Louvre.")]);
    await store.upsertItems("episodic", [event("paint", "M0"), event("paris", "M1"), event("louvre", "M1")] as never);
    const asItem = (id: string, source: string) => ({ ...(event(id, source) as unknown as MemoryItem), id });
    const pads = Array.from({ length: 8 }, (_, index) => ({ item: asItem(`pad${index}`, `X:${index}`), score: 0.5 - index * 0.01 }));
    const fused: FusedItem[] = [{ item: asItem("paint", "M0"), score: 0.9 }, ...pads, { item: asItem("paris", "M1"), score: 0.3 }];
    const result = await addSessionNeighbours(fused, { userId: user, asOf: "2024-01-01T00:00:00.000Z", hits: 1, questionHits: 20 }, { store });
    // "paris" is one of the 20 hits looked at: it stays; "louvre", of the same turn and in no list, comes in behind "paint".
    expect(result.map(({ item }) => item.id)).toEqual(["paint", "louvre", ...pads.map(({ item }) => item.id), "paris"]);
  });

  it("brings an answer only for an event of one turn whose question mark ends a clause", async () => {
    const store = new InMemoryMemoryStore({ dimensions: 4 });
    await store.putMessages([
      message("Q1", 0, "s1", "Look at https://shop.example/item?id=3 and `a?b` there."),
      message("A1", 1, "s1", "Nice boots."),
      message("Q2", 2, "s1", "你去哪里了？"),
      message("A2", 3, "s1", "我去了公园。"),
      message("Q3", 4, "s1", "Where did you go?"),
      message("A3", 5, "s1", "To the lake."),
    ]);
    await store.upsertItems("episodic", [event("link", "Q1"), event("boots", "A1"), event("where-zh", "Q2"), event("park", "A2"), event("lake", "A3")] as never);
    const asItem = (id: string, sources: string[], key = "") => ({ ...(event(id, sources[0]!) as unknown as MemoryItem), id, sources, key });
    const fused: FusedItem[] = [
      { item: asItem("top", ["X:1"]), score: 0.9 },
      { item: asItem("link", ["Q1"]), score: 0.6 },
      { item: asItem("where-zh", ["Q2"]), score: 0.5 },
      { item: asItem("summary", ["Q3", "Q1"], "session_summary|s1"), score: 0.4 },
      { item: asItem("where", ["Q3"]), score: 0.3 },
    ];
    const listMessages = jest.spyOn(store, "listMessages");
    const result = await addSessionNeighbours(fused, { userId: user, asOf: "2024-01-01T00:00:00.000Z", hits: 1, questionHits: 20 }, { store });
    // Without the cache, the turns the hits want (two here) are read in one store query.
    expect(listMessages.mock.calls.filter(([, options]) => options?.seq !== undefined || options?.seqs !== undefined)).toHaveLength(1);
    // A link's "?" asks nothing; a fullwidth "？" asks; a summary citing a question brings no answer.
    expect(result.map(({ item }) => item.id)).toEqual(["top", "link", "where-zh", "park", "summary", "where", "lake"]);
  });

  it("brings a strong hit's answer two turns on when the turn between asks about it, and nothing two turns on otherwise", async () => {
    const store = new InMemoryMemoryStore({ dimensions: 4 });
    await store.putMessages([
      message("P1", 0, "s1", "I went to a poetry reading last Friday."),
      message("P2", 1, "s1", "Nice! What was it about?", "Melanie"),
      message("P3", 2, "s1", "Trans stories, so moving."),
      message("P4", 3, "s1", "That sounds powerful.", "Melanie"),
      message("P5", 4, "s1", "It really was."),
      message("P6", 5, "s1", "I bake bread on Sundays.", "Melanie"),
    ]);
    await store.upsertItems("episodic", [event("reading", "P1"), event("asks", "P2"), event("stories", "P3"), event("powerful", "P4"), event("was", "P5"), event("bread", "P6")] as never);
    const asItem = (id: string, source: string) => ({ ...(event(id, source) as unknown as MemoryItem), id });
    const asOf = "2024-01-01T00:00:00.000Z";
    const reading = await addSessionNeighbours([{ item: asItem("reading", "P1"), score: 0.9 }], { userId: user, asOf, hits: 1, questionHits: 1 }, { store });
    // P2 asks about the hit: its answer P3 comes in behind it too; P4 three turns on stays out.
    expect(reading.map(({ item }) => item.id)).toEqual(["reading", "asks", "stories"]);
    const plain = await addSessionNeighbours([{ item: asItem("powerful", "P4"), score: 0.9 }], { userId: user, asOf, hits: 1, questionHits: 1 }, { store });
    // P5 asks nothing: P6 two turns on stays out; P3 before the hit is its neighbour as before.
    expect(plain.map(({ item }) => item.id)).toEqual(["powerful", "stories", "was"]);
  });

  it("brings the answer three turns on when the hit speaker's reply two on asks a question in turn, and nothing three on otherwise", async () => {
    const store = new InMemoryMemoryStore({ dimensions: 4 });
    await store.putMessages([
      message("G1", 0, "s1", "My online store has been a roller coaster.", "Gina"),
      message("G2", 1, "s1", "It's been tough for me too. How's it going?", "Jon"),
      message("G3", 2, "s1", "Going good. Got any tips on running a biz?", "Gina"),
      message("G4", 3, "s1", "Brand identity is key. Build relationships with your customers.", "Jon"),
      message("G5", 4, "s1", "Thanks for the advice!", "Gina"),
      // The same exchange, the answer in another session.
      message("H1", 5, "s2", "My online store has been a roller coaster.", "Gina"),
      message("H2", 6, "s2", "How's it going?", "Jon"),
      message("H3", 7, "s2", "Going good. Got any tips?", "Gina"),
      message("H4", 8, "s3", "Brand identity is key.", "Jon"),
    ]);
    const ids = ["G1", "G2", "G3", "G4", "G5", "H1", "H2", "H3", "H4"];
    await store.upsertItems("episodic", ids.map((id) => event(id, id)) as never);
    const asOf = "2024-01-01T00:00:00.000Z";
    const around = async (id: string) => (await addSessionNeighbours([{ item: event(id, id) as unknown as MemoryItem, score: 0.9 }], { userId: user, asOf, hits: 1, questionHits: 1 }, { store })).map(({ item }) => item.id);
    // G3 answers G2's question and asks in turn: its answer G4 comes in behind it; G5, four on, stays out.
    expect(await around("G1")).toEqual(["G1", "G2", "G3", "G4"]);
    // H4 answers from another session: it stays out.
    expect(await around("H1")).toEqual(["H1", "H2", "H3"]);
  });

  it("brings nothing two turns on when the question is from another session, by the hit's speaker, or followed by a new question", async () => {
    const store = new InMemoryMemoryStore({ dimensions: 4 });
    await store.putMessages([
      // Interleaved sessions: a question of session B between two turns of session A.
      message("A0", 0, "A", "My flight to Oslo is on Friday."),
      message("B1", 1, "B", "Can you fix this SQL query?", "Melanie"),
      message("A2", 2, "A", "Also remind me to buy milk."),
      // An assistant's closing question, then a new subject that only asks.
      message("M0", 3, "S", "My flight to Oslo is on Friday."),
      message("M1", 4, "S", "Noted! Anything else I can help with?", "assistant", "assistant"),
      message("M2", 5, "S", "What's a good pasta recipe?"),
      // The hit's speaker asks, then goes on.
      message("C0", 6, "T", "I adopted a puppy."),
      message("C1", 7, "T", "Have you ever had a dog?"),
      message("C2", 8, "T", "No, never.", "Melanie"),
    ]);
    const ids = ["A0", "B1", "A2", "M0", "M1", "M2", "C0", "C1", "C2"];
    await store.upsertItems("episodic", ids.map((id) => event(id, id)) as never);
    const asOf = "2024-01-01T00:00:00.000Z";
    const around = async (id: string) => (await addSessionNeighbours([{ item: event(id, id) as unknown as MemoryItem, score: 0.9 }], { userId: user, asOf, hits: 1, questionHits: 1 }, { store })).map(({ item }) => item.id);
    expect([await around("A0"), await around("M0"), await around("C0")]).toEqual([["A0"], ["M0", "M1"], ["C0", "C1"]]);
  });

  it("leaves a list without an episodic hit unchanged", async () => {
    const store = new InMemoryMemoryStore({ dimensions: 4 });
    const fact = conformanceItem({ id: "fact", user_id: user, type: "semantic", sources: ["D2:1"] }) as unknown as MemoryItem;
    const fused = [{ item: fact, score: 1 }];
    expect(await addSessionNeighbours(fused, { userId: user, asOf: "2024-01-01T00:00:00.000Z" }, { store })).toBe(fused);
  });
});
