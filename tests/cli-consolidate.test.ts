import { readFile } from "node:fs/promises";
import path from "node:path";
import { makeTempDir, removeTempDir, runCli, writeLines } from "./helpers/run-cli";

// Ada shares three photos (each a resource and an episodic event of the same message) and says one thing in three sessions.
const CONVERSATION = [
  { id: "a1", user: "ada", speaker: "Ada", content: "Look at the bowl I made in pottery class!", image_caption: "a photo of a clay bowl with a blue glaze", timestamp: "2024-03-01T10:00:00Z", session: "s1" },
  { id: "a2", user: "ada", speaker: "Ada", content: "I go hiking in the Sintra hills every weekend.", timestamp: "2024-03-01T10:01:00Z", session: "s1" },
  { id: "a3", user: "ada", speaker: "Ada", content: "I go hiking in the Sintra hills every weekend.", timestamp: "2024-03-08T10:00:00Z", session: "s2" },
  { id: "a4", user: "ada", speaker: "Ada", content: "Here is my new puppy at the beach.", image_caption: "a photo of a small dog on the sand", timestamp: "2024-03-08T10:01:00Z", session: "s2" },
  { id: "a5", user: "ada", speaker: "Ada", content: "I go hiking in the Sintra hills every weekend!", timestamp: "2024-03-15T10:00:00Z", session: "s3" },
].map((line) => JSON.stringify(line));

type Json = Record<string, unknown>;

/** The memory records of an export, sorted (messages and history left out). */
async function exportedMemories(db: string, dir: string, name: string): Promise<Json[]> {
  const file = path.join(dir, name);
  const run = await runCli(["export", "--user", "ada", "--out", file, "--db", db]);
  expect(run.code).toBe(0);
  const [, ...records] = (await readFile(file, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Json);
  return records.filter((record) => record.kind === "memory").sort((a, b) => `${String(a.type)}|${String(a.id)}`.localeCompare(`${String(b.type)}|${String(b.id)}`));
}

describe("engram consolidate", () => {
  let dir: string;
  let db: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    db = path.join(dir, "db");
    const run = await runCli(["import", await writeLines(dir, "chat.jsonl", CONVERSATION), "--db", db]);
    expect(run.code).toBe(0);
  }, 120_000);

  afterAll(() => removeTempDir(dir));

  it("plans, runs, finds nothing left on a second pass, and undoes a pass exactly", async () => {
    const before = await exportedMemories(db, dir, "before.jsonl");
    const planned = JSON.parse((await runCli(["consolidate", "--db", db, "--dry-run", "--json"])).stdout) as { changes: unknown[]; dryRun: boolean };
    expect(planned.dryRun).toBe(true);
    expect(planned.changes.length).toBeGreaterThan(0);
    expect(await exportedMemories(db, dir, "after-dry-run.jsonl")).toEqual(before);

    const pass = await runCli(["consolidate", "--db", db, "--user", "ada", "--json"]);
    expect(pass.code).toBe(0);
    const result = JSON.parse(pass.stdout) as { passId: string; rows: { before: number; after: number }; changes: unknown[] };
    expect(result.changes.length).toBe(planned.changes.length);
    expect(result.rows.after).toBeLessThan(result.rows.before);
    const after = await exportedMemories(db, dir, "after.jsonl");
    expect(after).toHaveLength(result.rows.after);

    const second = JSON.parse((await runCli(["consolidate", "--db", db, "--json"])).stdout) as { changes: unknown[] };
    expect(second.changes).toEqual([]);

    const undo = await runCli(["consolidate", "--db", db, "--undo", result.passId]);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toMatch(new RegExp(`Undid consolidation pass ${result.passId}: ada \\d+ changes`));
    expect(await exportedMemories(db, dir, "undone.jsonl")).toEqual(before);
    const again = await runCli(["consolidate", "--db", db, "--undo", result.passId]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already undone/);
  }, 180_000);
});
