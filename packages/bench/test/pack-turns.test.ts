import { packTurns, type PackableTurn } from "../src/baselines/pack-turns";
import { formatConversation, formatTurn } from "../src/baselines/conversation-turn";

/** A hand-checkable tokenizer: one token per whitespace-separated word, one per newline. */
const countWords = (text: string) => (text.match(/\S+/g) ?? []).length + (text.match(/\n/g) ?? []).length;
const turn = (id: string, text: string): PackableTurn => ({ id, text, tokens: countWords(text) });

describe("packTurns", () => {
  const ranked = [turn("a", "one two three"), turn("b", "four five six seven"), turn("c", "eight"), turn("d", "nine ten")];

  it("adds turns in rank order while they fit, counting one token per separator", () => {
    // a (3) + sep + c (1) = 5; b (4) would make 3 + 1 + 4 = 8 > 6 and is skipped; d (2) would make 5 + 1 + 2 = 8 > 6
    const packed = packTurns(ranked, 6, countWords);
    expect(packed.ids).toEqual(["a", "c"]);
    expect(packed.context).toBe("one two three\neight");
    expect(packed.tokens).toBe(5);
  });

  it("fills exactly to the budget and never above it", () => {
    // a 3 + 1 + b 4 = 8, + 1 + c 1 = 10
    expect(packTurns(ranked, 10, countWords).ids).toEqual(["a", "b", "c"]);
    for (let budget = 0; budget <= 16; budget++) expect(packTurns(ranked, budget, countWords).tokens).toBeLessThanOrEqual(budget);
  });

  it("drops trailing turns when the recount of the joined context is over budget", () => {
    // the precomputed counts say 1 token each, the recount says 5 per turn
    const liar = [
      { id: "x", text: "aaaaa", tokens: 1 },
      { id: "y", text: "bbbbb", tokens: 1 },
    ];
    const packed = packTurns(liar, 6, (text) => text.replace(/\n/g, "").length);
    expect(packed.ids).toEqual(["x"]);
    expect(packed.tokens).toBe(5);
  });

  it("returns an empty context when nothing fits", () => {
    expect(packTurns(ranked, 0, countWords)).toEqual({ context: "", tokens: 0, ids: [] });
  });
});

describe("turn formatting", () => {
  const base = { timestamp: "2023-05-08T13:56:00.000Z", session_id: "session_1" };
  it("writes 'Speaker: text' plus the image caption", () => {
    expect(formatTurn({ ...base, id: "D1:1", speaker: "Mel", content: "Look!" })).toBe("Mel: Look!");
    expect(formatTurn({ ...base, id: "D1:2", speaker: "Mel", content: "Look!", image_caption: "a dog " })).toBe("Mel: Look! [image: a dog]");
  });

  it("writes the whole conversation with one dated header per session", () => {
    const text = formatConversation([
      { ...base, id: "D1:1", speaker: "A", content: "hi" },
      { ...base, id: "D1:2", speaker: "B", content: "hello" },
      { id: "D2:1", speaker: "A", content: "bye", timestamp: "2023-05-25T13:14:00.000Z", session_id: "session_2" },
    ]);
    expect(text).toBe("[session_1: 8 May 2023, 13:56 UTC]\nA: hi\nB: hello\n[session_2: 25 May 2023, 13:14 UTC]\nA: bye");
  });
});
