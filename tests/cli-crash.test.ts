import { spawn } from "node:child_process";
import path from "node:path";
import { Engram, MEMORY_TYPES } from "@engram/memory";
import { generateConversation, seededRandom } from "./helpers/generate-conversation";
import { ENGRAM_BIN, REPO_ROOT, makeTempDir, removeTempDir, runCli, writeLines } from "./helpers/run-cli";

const MESSAGES = 1500;
const USERS = ["ana", "ben"];
const SEED = 6;

/** Starts `engram import` and SIGKILLs it after `delayMs`; resolves with how it ended. */
function importAndKill(file: string, db: string, delayMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENGRAM_BIN, "import", file, "--db", db], { cwd: REPO_ROOT, env: { ...process.env, CI: "1" }, stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), delayMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
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
    // Two kills at seeded random moments: one early (opening, first batches), one mid-import.
    for (const [from, to] of [[1500, 5000], [5000, 12000]] as const) {
      const delay = Math.round(from + random() * (to - from));
      const killed = await importAndKill(file, db, delay);
      expect(killed.signal).toBe("SIGKILL");
    }
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
      engram.close();
    }
  }, 300_000);
});
