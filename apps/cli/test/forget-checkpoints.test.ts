import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emptyCheckpoint } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { CHECKPOINTS_FILE, forgetCheckpoints, threadBelongsTo } from "../src/forget/forget-checkpoints";
import { grepFolder } from "@engram/testing";

/** Forgetting for real, chat checkpoints: the user's threads leave no trace in checkpoints.sqlite. */
describe("forgetCheckpoints", () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-checkpoints-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function writeThread(saver: SqliteSaver, threadId: string, text: string, metadata: Record<string, unknown> = {}): Promise<void> {
    const checkpoint = { ...emptyCheckpoint(), channel_values: { messages: [text] } };
    const config = await saver.put({ configurable: { thread_id: threadId, checkpoint_ns: "" } }, checkpoint, { source: "input", step: 0, parents: {}, ...metadata });
    await saver.putWrites(config, [["messages", text]], "task-1");
  }

  it("deletes the user's threads (by id prefix or metadata) and vacuums the file; other users' stay", async () => {
    const saver = SqliteSaver.fromConnString(path.join(dir, CHECKPOINTS_FILE));
    await writeThread(saver, "ada", "Ada said Zanzibarquill once");
    await writeThread(saver, "ada:chat-2", "Ada said Zanzibarquill twice");
    await writeThread(saver, "3f2a", "Ada said Zanzibarquill thrice", { user_id: "ada" });
    await writeThread(saver, "adam:chat-1", "Adam said Marmotfiddle");
    await writeThread(saver, "bob:chat-1", "Bob said Marmotfiddle");
    saver.db.close();
    expect(grepFolder(dir, "Zanzibarquill").length).toBeGreaterThan(0);

    const deleted = await forgetCheckpoints(dir, "ada");
    expect(deleted.sort()).toEqual(["3f2a", "ada", "ada:chat-2"]);
    expect(grepFolder(dir, "Zanzibarquill")).toEqual([]);
    expect(grepFolder(dir, "Marmotfiddle").length).toBeGreaterThan(0);
    const after = SqliteSaver.fromConnString(path.join(dir, CHECKPOINTS_FILE));
    expect(await after.getTuple({ configurable: { thread_id: "bob:chat-1" } })).toBeDefined();
    expect(await after.getTuple({ configurable: { thread_id: "ada:chat-2" } })).toBeUndefined();
    after.db.close();
  });

  it("does nothing when the store has no checkpoint file", async () => {
    expect(await forgetCheckpoints(dir, "ada")).toEqual([]);
    expect(fs.existsSync(path.join(dir, CHECKPOINTS_FILE))).toBe(false);
  });

  it("matches thread ids exactly or by the `<user>:` prefix, never by a LIKE pattern", () => {
    expect(threadBelongsTo("ada:x", null, "ada")).toBe(true);
    expect(threadBelongsTo("adam:x", null, "ada")).toBe(false);
    expect(threadBelongsTo("ada:x", null, "%")).toBe(false);
    expect(threadBelongsTo("a_a:x", null, "a_a")).toBe(true);
    expect(threadBelongsTo("aba:x", null, "a_a")).toBe(false);
    expect(threadBelongsTo("t", Buffer.from('{"user_id":"ada"}'), "ada")).toBe(true);
    expect(threadBelongsTo("t", "not json", "ada")).toBe(false);
  });
});
