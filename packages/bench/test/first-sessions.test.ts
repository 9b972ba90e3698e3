import type { LocomoSample } from "@engram/memory";
import { firstSessions } from "../src/first-sessions";

const message = (id: string, session: number) => ({ id, session_id: `session_${session}`, speaker: "Ada", content: id, timestamp: "2023-05-08T13:56:00.000Z" });
const sample: LocomoSample = {
  sample_id: "s",
  speakers: ["Ada", "Grace"],
  messages: [message("D1:1", 1), message("D1:2", 1), message("D2:1", 2), message("D3:1", 3)],
  questions: [
    { question: "in 1", answer: "a", evidence: ["D1:2"], category: 4 },
    { question: "in 1 and 2", answer: "a", evidence: ["D1:1", "D2:1"], category: 1 },
    { question: "in 3", answer: "a", evidence: ["D3:1"], category: 4 },
    { question: "none", answer: "", evidence: [], category: 5 },
  ],
};

describe("firstSessions", () => {
  it("keeps the first sessions' messages and the questions whose evidence lies in them", () => {
    const cut = firstSessions(sample, 2);
    expect(cut.messages.map((m) => m.id)).toEqual(["D1:1", "D1:2", "D2:1"]);
    expect(cut.questions.map((q) => q.question)).toEqual(["in 1", "in 1 and 2"]);
  });

  it("returns the sample as it is when it has no more sessions than asked", () => {
    expect(firstSessions(sample, 3)).toBe(sample);
  });
});
