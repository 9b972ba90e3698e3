import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { Engram, MEMORY_TYPES } from "@engram/memory";
import { generateConversation, seededRandom } from "./helpers/generate-conversation";
import { ENGRAM_BIN, REPO_ROOT, makeTempDir, removeTempDir, runCli, writeLines } from "./helpers/run-cli";

const MESSAGES = 1500;
const USERS = ["ana", "ben"];
const SEED = 6;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Commits LanceDB has made to the `messages` table so far (one manifest per version). */
function messageCommits(db: string): number {
  const versions = path.join(db, "messages.lance", "_versions");
  return existsSync(versions) ? readdirSync(versions).filter((name) => name.endsWith(".manifest")).length : 0;
}

/**
 * Starts `engram import`, waits until it has made `afterCommits` new commits to the messages
 * table (0: not at all), then `delayMs` more, and SIGKILLs it; resolves with how it ended.
 */
async function importAndKill(file: string, db: string, afterCommits: number, delayMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [ENGRAM_BIN, "import", file, "--db", db], { cwd: REPO_ROOT, env: { ...process.env, CI: "1" }, stdio: "ignore" });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  let running = true;
  void exited.then(() => (running = false));
  const target = messageCommits(db) + afterCommits;
  while (running && messageCommits(db) < target) await sleep(50);
  await sleep(delayMs);
  child.kill("SIGKILL");
  return exited;
}

/** Crash safety: an import killed with SIGKILL at a random moment, then run again, stores every message exactly once. */
describe("engram import killed with SIGKILL", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await makeTempDir("engram-crash-");
  });
  afterAll(() => removeTempDir(dir));

  it(`stores each of ${MESSAGES} messages exactly once after two kills and a re-run, every source pointing at a stored message`, async () => {
    const lines = generateConversation(MESSAGES, USERS, SEED);
    const file = await writeLines(dir, "large.jsonl", lines.map((line) => JSON.stringify(line)));
    const db = path.join(dir, "db");
    const random = seededRandom(SEED);
    // Two kills at seeded random moments: one early (starting up, creating the store, first
    // batches), one mid-import (after the re-run's first commit of processed messages: a commit
    // holds about 2 s of batches, so a later one may come after the second user's messages are stored).
    for (const [afterCommits, maxDelay] of [[0, 4000], [1, 3000]] as const) {
      const killed = await importAndKill(file, db, afterCommits, Math.round(random() * maxDelay));
      expect(killed.signal).toBe("SIGKILL");
    }
    const midway = await Engram.open({ path: db });
    const storedBeforeRerun = (await midway.stats()).messages;
    await midway.close();
    expect(storedBeforeRerun).toBeGreaterThan(0);
    expect(storedBeforeRerun).toBeLessThan(MESSAGES);
    const rerun = await runCli(["import", file, "--db", db], { timeoutMs: 240_000 });
    expect(rerun.stderr).not.toMatch(/engram: /);
    expect(rerun.code).toBe(0);

    const engram = await Engram.open({ path: db });
    try {
      for (const user of USERS) {
        const expected = lines.filter((line) => line.user === user).map((line) => line.id);
        const stored = await engram.messages({ user_id: user });
        const ids = stored.map((message) => message.id);
        expect(ids.length).toBe(expected.length);
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort()).toEqual([...expected].sort());
        expect(stored.filter((message) => message.processed_at === null)).toEqual([]);
        expect((await engram.stats({ user_id: user })).messages).toBe(expected.length);
        const known = new Set(ids);
        const items = await engram.list({ user_id: user }, { includeInvalid: true });
        expect(items.length).toBeGreaterThan(0);
        for (const item of items) {
          expect(item.sources.filter((source) => !known.has(source))).toEqual([]);
        }
        expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
        expect(new Set(items.map((item) => item.type)).size).toBeLessThanOrEqual(MEMORY_TYPES.length);
      }
    } finally {
      await engram.close();
    }
  }, 300_000);
});
