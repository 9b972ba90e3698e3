import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { Engram } from "@engram/memory";
import { generateConversation } from "./helpers/generate-conversation";
import { ENGRAM_BIN, REPO_ROOT, makeTempDir, removeTempDir, runCli, writeLines, type CliRun } from "./helpers/run-cli";

const PER_USER = 300;
/**
 * Each user's conversation is imported in two runs, of this many messages and then the rest: the store
 * holds a part processed between them whatever the ingest's speed (one run of 300 messages now fits
 * in a single commit of its buffered writes). A multiple of {@link BATCH}.
 */
const FIRST_PART = 160;
/** `Engram.add`'s default batch size: the messages of one batch are stored in one commit. */
const BATCH = 20;

/** Runs `engram <args>` as a process and resolves with its output when it exits. */
function startCli(args: string[]): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENGRAM_BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, CI: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Concurrency: two processes ingest different users into one new store folder while a third reads. */
describe("concurrent processes on one store folder", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await makeTempDir("engram-concurrency-");
  });
  afterAll(() => removeTempDir(dir));

  it("loses and duplicates nothing, and no read sees a half-written batch", async () => {
    const db = path.join(dir, "db");
    const users = ["uma", "vic"] as const;
    const lines = Object.fromEntries(users.map((user, index) => [user, generateConversation(PER_USER, [user], 100 + index)]));
    const parts = await Promise.all(
      users.map(async (user) => {
        const json = lines[user]!.map((line) => JSON.stringify(line));
        return [await writeLines(dir, `${user}-1.jsonl`, json.slice(0, FIRST_PART)), await writeLines(dir, `${user}-2.jsonl`, json.slice(FIRST_PART))];
      }),
    );
    // Both writers start at once on a folder that does not exist yet: they race to create it.
    const writers = Promise.all(parts.map(async ([first, second]) => [await startCli(["import", first!, "--db", db]), await startCli(["import", second!, "--db", db])])).then((runs) => runs.flat());
    let done = false;
    void writers.finally(() => (done = true));

    while (!existsSync(path.join(db, "engram.json")) && !done) await sleep(50);
    await sleep(500);
    const reader = await Engram.open({ path: db });
    const observations: number[] = [];
    const recalls: Promise<CliRun>[] = [];
    try {
      while (!done) {
        for (const user of users) {
          // Items first, then messages: every source of an item read must be among the messages read after it.
          const items = await reader.list({ user_id: user }, { includeInvalid: true });
          const messages = await reader.messages({ user_id: user });
          const ids = messages.map((message) => message.id);
          expect(ids.length % BATCH).toBe(0);
          expect(ids).toEqual(lines[user]!.slice(0, ids.length).map((line) => line.id));
          const known = new Set(ids);
          expect(items.flatMap((item) => item.sources).filter((source) => !known.has(source))).toEqual([]);
          // A batch's messages are marked processed in one commit, after its memory items.
          const processed = messages.filter((message) => message.processed_at !== null).length;
          expect(processed % BATCH).toBe(0);
          const recalled = await reader.recall("Where do I live?", { user_id: user });
          expect(recalled.items.every((entry) => entry.item.user_id === user)).toBe(true);
          observations.push(processed);
        }
        if (recalls.length < 2) recalls.push(startCli(["recall", "What do I love doing?", "--db", db, "--user", "uma", "--json"]));
        await sleep(100);
      }
    } finally {
      await reader.close();
    }

    const results = await writers;
    for (const run of [...results, ...(await Promise.all(recalls))]) {
      expect(run.stderr).not.toMatch(/engram: /);
      expect(run.code).toBe(0);
    }
    // The reader saw the stores in between: some batches processed, not all.
    expect(observations.some((count) => count > 0 && count < PER_USER)).toBe(true);

    const engram = await Engram.open({ path: db });
    try {
      for (const user of users) {
        const stored = await engram.messages({ user_id: user });
        expect(stored.map((message) => message.id)).toEqual(lines[user]!.map((line) => line.id));
        expect(stored.filter((message) => message.processed_at === null)).toEqual([]);
        const known = new Set(stored.map((message) => message.id));
        const items = await engram.list({ user_id: user }, { includeInvalid: true });
        expect(items.length).toBeGreaterThan(0);
        expect(items.flatMap((item) => item.sources).filter((source) => !known.has(source))).toEqual([]);
        expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
      }
      expect((await engram.stats()).messages).toBe(2 * PER_USER);
    } finally {
      await engram.close();
    }
    const stats = await runCli(["stats", "--db", db, "--json"]);
    expect((JSON.parse(stats.stdout) as Record<string, number>).messages).toBe(2 * PER_USER);
  }, 300_000);

  it("two writers importing the same user at once end with exactly a single run's rows", async () => {
    const demo = path.join(REPO_ROOT, "examples/demo-conversation.jsonl");
    const single = path.join(dir, "single");
    const double = path.join(dir, "double");
    expect((await runCli(["import", demo, "--db", single])).code).toBe(0);
    const runs = await Promise.all([startCli(["import", demo, "--db", double]), startCli(["import", demo, "--db", double])]);
    for (const run of runs) {
      expect(run.stderr).not.toMatch(/engram: /);
      expect(run.code).toBe(0);
    }
    /** Per type: each item's text and whether it is still valid, sorted (ids and times differ between runs). */
    const rows = async (db: string) => {
      const engram = await Engram.open({ path: db });
      try {
        const result: Record<string, unknown> = { stats: await engram.stats() };
        for (const user of ["ada"]) {
          const items = await engram.list({ user_id: user }, { includeInvalid: true });
          result[user] = {
            items: items.map((item) => `${item.type}|${item.valid_to === null ? "valid" : "invalid"}|${item.text}`).sort(),
            messages: (await engram.messages({ user_id: user })).map((message) => `${message.seq}|${message.id}|${message.processed_at === null}`),
          };
        }
        return result;
      } finally {
        await engram.close();
      }
    };
    expect(await rows(double)).toEqual(await rows(single));
  }, 300_000);
});
