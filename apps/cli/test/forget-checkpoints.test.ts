import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emptyCheckpoint } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { chatThreadId } from "../src/chat/chat-session";
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

  it("deletes the threads whose metadata names the user and vacuums the file; other users' stay", async () => {
    const saver = SqliteSaver.fromConnString(path.join(dir, CHECKPOINTS_FILE));
    await writeThread(saver, chatThreadId("ada", "chat-1"), "Ada said Zanzibarquill once", { user_id: "ada" });
    await writeThread(saver, "3f2a", "Ada said Zanzibarquill thrice", { user_id: "ada" });
    await writeThread(saver, chatThreadId("adam", "chat-1"), "Adam said Marmotfiddle", { user_id: "adam" });
    await writeThread(saver, chatThreadId("bob", "chat-1"), "Bob said Marmotfiddle", { user_id: "bob" });
    saver.db.close();
    expect(grepFolder(dir, "Zanzibarquill").length).toBeGreaterThan(0);

    const deleted = await forgetCheckpoints(dir, "ada");
    expect(deleted.sort()).toEqual(["3f2a", chatThreadId("ada", "chat-1")]);
    expect(grepFolder(dir, "Zanzibarquill")).toEqual([]);
    expect(grepFolder(dir, "Marmotfiddle").length).toBeGreaterThan(0);
    const after = SqliteSaver.fromConnString(path.join(dir, CHECKPOINTS_FILE));
    expect(await after.getTuple({ configurable: { thread_id: chatThreadId("bob", "chat-1") } })).toBeDefined();
    expect(await after.getTuple({ configurable: { thread_id: chatThreadId("ada", "chat-1") } })).toBeUndefined();
    after.db.close();
  });

  it("keeps chat threads apart across users: ada's thread x:t and ada:x's thread t are two threads, and forgetting ada leaves ada:x's", async () => {
    expect(chatThreadId("ada", "x:t")).not.toBe(chatThreadId("ada:x", "t"));
    const saver = SqliteSaver.fromConnString(path.join(dir, CHECKPOINTS_FILE));
    await writeThread(saver, chatThreadId("ada", "x:t"), "Ada's password is Quokkaparsnip", { user_id: "ada" });
    await writeThread(saver, chatThreadId("ada:x", "t"), "Ada-x said Lanternwhelk", { user_id: "ada:x" });
    // A thread of ada:x under the old `<user>:<thread>` scheme: its id starts with "ada:".
    await writeThread(saver, "ada:x:old", "Ada-x said Lanternwhelk before", { user_id: "ada:x" });
    expect(await saver.getTuple({ configurable: { thread_id: chatThreadId("ada:x", "t") } })).toMatchObject({ checkpoint: { channel_values: { messages: ["Ada-x said Lanternwhelk"] } } });
    saver.db.close();
    expect((await forgetCheckpoints(dir, "ada")).sort()).toEqual([chatThreadId("ada", "x:t")]);
    expect(grepFolder(dir, "Quokkaparsnip")).toEqual([]);
    expect(grepFolder(dir, "Lanternwhelk").length).toBeGreaterThan(0);
  });

  it("does nothing when the store has no checkpoint file", async () => {
    expect(await forgetCheckpoints(dir, "ada")).toEqual([]);
    expect(fs.existsSync(path.join(dir, CHECKPOINTS_FILE))).toBe(false);
  });

  it("matches by the metadata's user_id only, never by the thread id or a LIKE pattern", () => {
    expect(threadBelongsTo(Buffer.from('{"user_id":"ada"}'), "ada")).toBe(true);
    expect(threadBelongsTo(Buffer.from('{"user_id":"ada:x"}'), "ada")).toBe(false);
    expect(threadBelongsTo('{"user_id":"ada"}', "%")).toBe(false);
    expect(threadBelongsTo(null, "ada")).toBe(false);
    expect(threadBelongsTo("not json", "ada")).toBe(false);
  });
});
