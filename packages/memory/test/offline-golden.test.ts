import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createOfflinePolicy } from "../src/ingest/offline/offline-policy";
import type { StoredMessage } from "../src/schema/message";

/**
 * The golden set of the offline policy (issue 13): sentences from examples/demo-conversation.jsonl
 * and the LoCoMo dev conversations, each with the core and episodic memory texts a person reads
 * and checked by hand. It covers verb agreement after a rewritten "I" ("Ada lives", "Ada still
 * works", "Caroline mentors"), a subject restored to a sentence that dropped it ("Jon lost Jon's
 * job"), durations that are not dates ("in 1 hour 52 minutes"), weekdays said as habits ("on
 * Tuesday evenings") or inside a coarser relative date ("next month ... on Tuesday"), and fact
 * objects cut at "and" ("passionate about dance and fashion"), assistant turns that only
 * confirm an action or react ("Saved your work email.", "What a view!": no memory item), "in a day" as how long or when ("I can finish a painting in a day": no date; "a race
 * in a month": August), auxiliaries after "I" ("Jon is writing", "Gina has acquired", "Gina does
 * remember"), a past tense compromise reads as present ("Caroline drew it", not "drews") and a
 * compound kept whole ("some me-time"), and a liked object cut at a comma before a new clause
 * ("hiking, it helps") and never left an adjective without its noun ("a safe, inviting
 * place": no fact). Sources `example E1:n` are made-up sentences of the same kinds.
 */
interface GoldenCase {
  source: string;
  speaker: string;
  /** "user" unless given: assistant turns check that acknowledgements draft nothing. */
  role?: "user" | "assistant";
  timestamp: string;
  content: string;
  core: string[];
  episodic: string[];
}

const cases = JSON.parse(readFileSync(join(__dirname, "fixtures/offline-golden.json"), "utf8")) as GoldenCase[];

function message(golden: GoldenCase): StoredMessage {
  return {
    id: golden.source.split(" ")[1]!,
    user_id: "u1",
    agent_id: "engram",
    session_id: "",
    role: golden.role ?? "user",
    speaker: golden.speaker,
    content: golden.content,
    timestamp: golden.timestamp,
    image_caption: "",
    image_url: "",
    ingested_at: golden.timestamp,
    seq: 0,
    processed_at: null,
    error: null,
  };
}

describe("offline policy golden set", () => {
  const policy = createOfflinePolicy();

  it("holds at least 60 sentences", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases.map((golden) => [golden.source, golden] as const))("%s", async (_source, golden) => {
    const drafted = await policy.draft([message(golden)]);
    expect({ core: drafted.core.map((candidate) => candidate.text), episodic: drafted.episodic.map((candidate) => candidate.text) }).toEqual({ core: golden.core, episodic: golden.episodic });
  });
});
