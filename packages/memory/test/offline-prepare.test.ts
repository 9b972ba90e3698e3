import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeMessage, PreparedParses } from "../src/ingest/offline/analyze-message";
import { createOfflinePolicy } from "../src/ingest/offline/offline-policy";
import { ParseWorker } from "../src/ingest/offline/parse-worker";
import { parseLocomo } from "../src/io/locomo";
import { maskSensitiveValues } from "../src/sensitive/vault-detector";
import type { StoredMessage } from "../src/schema/message";

const DEV_FILE = join(__dirname, "../../../../shared/data/locomo/locomo-dev.json");
const sample = parseLocomo(JSON.parse(readFileSync(DEV_FILE, "utf8"))).find((entry) => entry.sample_id === "conv-30")!;
const messages: StoredMessage[] = sample.messages.slice(0, 40).map((message, seq) => ({
  id: message.id!,
  user_id: "u",
  agent_id: "engram",
  session_id: message.session_id ?? "",
  role: message.role ?? "user",
  speaker: message.speaker ?? "",
  content: message.content,
  timestamp: String(message.timestamp),
  image_caption: message.image_caption ?? "",
  image_url: message.image_url ?? "",
  ingested_at: "2024-01-01T00:00:00.000Z",
  seq,
  processed_at: null,
  error: null,
}));
const options = { ignoredNames: new Set<string>(), minContentWords: 2 };

describe("parses prepared ahead of drafting", () => {
  it("analyze a message exactly as a parse made on the spot, and are used once", async () => {
    const prepared = new PreparedParses();
    await prepared.prepare(messages);
    for (const message of messages) {
      expect(analyzeMessage(message, { ...options, prepared })).toEqual(analyzeMessage(message, options));
    }
    // Each prepared parse was taken once: nothing is left to take.
    expect(prepared.take(messages[0]!.content)).toBeUndefined();
  });

  it("draft the same candidates as a policy that prepared nothing, also when drafting starts mid-preparation", async () => {
    const plain = await createOfflinePolicy().draft(messages);
    const policy = createOfflinePolicy();
    await policy.prepare!(messages.slice(0, 20));
    expect(await policy.draft(messages.slice(0, 20))).toEqual(await createOfflinePolicy().draft(messages.slice(0, 20)));
    const racing = createOfflinePolicy();
    const preparing = racing.prepare!(messages);
    await new Promise<void>((resolve) => setImmediate(resolve));
    const drafted = await racing.draft(messages);
    await preparing;
    expect(drafted).toEqual(plain);
    // Drafting the same messages again (no prepared parse left for them) gives the same candidates.
    expect(await racing.draft(messages)).toEqual(plain);
  });

  it("made on a worker thread, analyze a message exactly as a parse made on the spot", async () => {
    const worker = new ParseWorker();
    const prepared = new PreparedParses(worker);
    await prepared.prepare(messages);
    const long = { ...messages[0]!, content: `${"We hiked to the lake. ".repeat(300)}Then we went home.` };
    await prepared.prepare([long]);
    // The worker itself parses (no silent fallback to the main thread).
    expect((await worker.parse(["Hi there. How are you?"]))[0]).toHaveLength(2);
    for (const message of [...messages, long]) {
      expect(analyzeMessage(message, { ...options, prepared })).toEqual(analyzeMessage(message, options));
    }
    expect(prepared.take(messages[0]!.content)).toBeUndefined();
  });

  it("hand over each prepared message's masked content once, and mask again a message prepared with other content", async () => {
    const worker = new ParseWorker();
    const prepared = new PreparedParses(worker);
    const secret = { ...messages[0]!, content: "my api key is sk-abcdefghijklmnopqrstuvwx1234 ok" };
    const plainOne = messages[1]!;
    await prepared.prepare([secret, plainOne]);
    const first = prepared.mask(secret);
    expect(first).toEqual(maskSensitiveValues(secret.content));
    expect(first.masked).not.toContain("sk-abcdefghijklmnopqrstuvwx1234");
    // Used once: the next call masks again (an equal result, not the same object).
    expect(prepared.mask(secret)).not.toBe(first);
    expect(prepared.mask(secret)).toEqual(first);
    // The message's content changed since it was prepared: masked as it is now.
    expect(prepared.mask({ ...plainOne, content: "new content at sk-zyxwvutsrqponmlkjihgfedc9876" })).toEqual(maskSensitiveValues("new content at sk-zyxwvutsrqponmlkjihgfedc9876"));
  });

  it("fall back to parsing on the main thread when the worker fails, with the same drafts", async () => {
    const broken = { parse: () => Promise.reject(new Error("no worker")) } as unknown as ParseWorker;
    const prepared = new PreparedParses(broken);
    await prepared.prepare(messages);
    await prepared.ready(messages);
    expect(prepared.take(messages[1]!.content)).toBeUndefined();
    expect(await createOfflinePolicy({ parseWorker: false }).draft(messages)).toEqual(await createOfflinePolicy().draft(messages));
  });

  it("wait only for the parses of the batch being drafted, not for the next batch's", async () => {
    let releaseNext!: () => void;
    const held = new Promise<void>((resolve) => (releaseNext = resolve));
    const real = new ParseWorker();
    // The first call (this batch) parses at once; the second (the next batch) is held.
    let calls = 0;
    const worker = { parse: async (texts: string[]) => (calls++ === 0 ? real.parse(texts) : held.then(() => real.parse(texts))) } as unknown as ParseWorker;
    const prepared = new PreparedParses(worker);
    const [current, next] = [messages.slice(0, 20), messages.slice(20, 40)];
    const preparedCurrent = prepared.prepare(current);
    const preparedNext = prepared.prepare(next);
    // The next batch's parse is held until released below: were ready() to wait for it, this await would never return and
    // the test would fail on jest's timeout (a wall-clock race here failed on a loaded machine where the worker starts slowly).
    await prepared.ready(current);
    let nextParsed = false;
    void preparedNext.then(() => (nextParsed = true));
    await preparedCurrent;
    expect(nextParsed).toBe(false);
    releaseNext();
    await Promise.all([preparedNext, prepared.ready(next)]);
    expect(analyzeMessage(next[5]!, { ...options, prepared })).toEqual(analyzeMessage(next[5]!, options));
  });

  it("stop the worker thread after idleMs without a parse and start it again on the next", async () => {
    const worker = new ParseWorker(20);
    expect((await worker.parse(["We went hiking."]))[0]).toHaveLength(1);
    for (let waited = 0; worker.running && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(worker.running).toBe(false);
    expect((await worker.parse(["Then we went home. It rained."]))[0]).toHaveLength(2);
    expect(worker.running).toBe(true);
  });
});
