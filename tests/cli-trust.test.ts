import { statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { grepFolder } from "@engram/testing";
import { makeTempDir, removeTempDir, runCli, writeLines } from "./helpers/run-cli";

const API_KEY = "sk-live-CliTrustK3yQ8wErTy12";
const ADA_WORD = "Xylophonquartz";
const BOB_WORD = "Bumblefrostine";

const CONVERSATION = [
  { id: "a1", user: "ada", speaker: "Ada", content: `I live in Porto and I collect ${ADA_WORD} stones.`, timestamp: "2024-03-01T10:00:00Z", session: "s1" },
  { id: "a2", user: "ada", speaker: "Ada", content: `My OpenAI key is ${API_KEY}, keep it safe.`, timestamp: "2024-03-01T10:01:00Z", session: "s1" },
  { id: "a3", user: "ada", speaker: "Ada", content: "I moved to Lisbon last week!", timestamp: "2024-04-15T10:00:00Z", session: "s2" },
  { id: "a4", user: "ada", speaker: "Ada", content: "My email is ada.trust@example.org and I work as a marine biologist.", timestamp: "2024-04-16T10:00:00Z", session: "s2" },
  { id: "b1", user: "bob", speaker: "Bob", content: `I bake ${BOB_WORD} bread every Sunday.`, timestamp: "2024-03-02T10:00:00Z" },
].map((line) => JSON.stringify(line));

type Json = Record<string, unknown>;

async function readExport(file: string): Promise<{ header: Json; records: Json[] }> {
  const [header, ...records] = (await readFile(file, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Json);
  const key = (record: Json) => `${String(record.kind)}|${String(record.id)}`;
  return { header: header!, records: records.sort((a, b) => key(a).localeCompare(key(b))) };
}

/** Trust promises kept by the `engram` command as a real process: export/import, forget, secrets, bad input, isolation. */
describe("engram CLI trust", () => {
  let dir: string;
  let db: string;
  const secretKey = randomBytes(32).toString("hex");
  const env = { ENGRAM_SECRET_KEY: secretKey };

  beforeAll(async () => {
    dir = await makeTempDir();
    db = path.join(dir, "db");
    const run = await runCli(["import", await writeLines(dir, "chat.jsonl", CONVERSATION), "--db", db], { env });
    expect(run.stderr).not.toMatch(/engram: /);
    expect(run.code).toBe(0);
  }, 120_000);

  afterAll(() => removeTempDir(dir));

  it("keeps the API key out of every file of the store, with the key from ENGRAM_SECRET_KEY (no key file)", async () => {
    expect(grepFolder(db, API_KEY)).toEqual([]);
    expect(grepFolder(db, "ada.trust@example.org").length).toBeGreaterThan(0);
    expect(() => statSync(path.join(db, "secret.key"))).toThrow();
    const recall = await runCli(["recall", "What is my OpenAI key?", "--db", db, "--user", "ada", "--json"], { env });
    expect(recall.code).toBe(0);
    expect(recall.stdout).toContain("[withheld]");
    expect(recall.stdout).not.toContain(API_KEY);
    const revealed = await runCli(["recall", "What is my OpenAI key?", "--db", db, "--user", "ada", "--reveal-secrets"], { env });
    expect(revealed.stdout).toContain(API_KEY);
    const wrongKey = await runCli(["recall", "What is my OpenAI key?", "--db", db, "--user", "ada", "--reveal-secrets"], { env: { ENGRAM_SECRET_KEY: randomBytes(32).toString("base64") } });
    expect(wrongKey.code).toBe(2);
    // The key fingerprint in engram.json names the problem and the fix before any value is opened.
    expect(wrongKey.stderr).toMatch(/^engram: ValidationError: store .* was sealed with a different secret key .*use the original key/);
  });

  it("keeps a token and a password typed into engram chat out of every file of the store; checkpoints.sqlite is 0600", async () => {
    const chatDb = path.join(dir, "chat-db");
    const token = "ghp_ChatTrustT0kenA1b2C3d4E5f6G7h8I9j0";
    const password = "Zq7!pangolin-Vortex";
    const run = await runCli(["chat", "--db", chatDb, "--user", "ada", "--thread", "t1"], {
      env,
      input: `My GitHub token is ${token}\nMy password is ${password}\n/exit\n`,
    });
    expect(run.stderr).not.toMatch(/engram: /);
    expect(run.code).toBe(0);
    expect(grepFolder(chatDb, token)).toEqual([]);
    expect(grepFolder(chatDb, password)).toEqual([]);
    expect(statSync(path.join(chatDb, "checkpoints.sqlite")).mode & 0o777).toBe(0o600);
    // The thread still resumes: the sealed checkpoints open with the same key.
    const resumed = await runCli(["chat", "--db", chatDb, "--user", "ada", "--thread", "t1"], { env, input: "/exit\n" });
    expect(resumed.code).toBe(0);
  }, 120_000);

  it("never prints a terminal escape sequence from stored content or speaker in recall", async () => {
    const escDb = path.join(dir, "esc-db");
    const hostile = [
      { id: "e1", user: "eve", speaker: "Eve\u001b]0;pwned\u0007", content: "I live in Lisbon \u001b[2J\u001b[31mand I love \u009b31mred climbing shoes.", timestamp: "2024-03-01T10:00:00Z" },
    ].map((line) => JSON.stringify(line));
    expect((await runCli(["import", await writeLines(dir, "escapes.jsonl", hostile), "--db", escDb], { env })).code).toBe(0);
    for (const args of [[], ["--json"]]) {
      const recall = await runCli(["recall", "Where do I live and what do I love?", "--db", escDb, "--user", "eve", ...args], { env });
      expect(recall.code).toBe(0);
      expect(recall.stdout).toMatch(/Lisbon/);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserts that no escape character reaches the terminal
      expect(recall.stdout).not.toMatch(/[\u001b\u0007\u009b]/);
    }
  }, 120_000);

  it("round-trips a user through export and import into a fresh store, losing nothing", async () => {
    const first = path.join(dir, "ada-1.jsonl");
    const exported = await runCli(["export", "--user", "ada", "--out", first, "--db", db], { env });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/4 messages, \d+ memories, \d+ history rows/);
    expect(statSync(first).mode & 0o777).toBe(0o600);
    const fresh = path.join(dir, "fresh");
    const imported = await runCli(["import", first, "--db", fresh]);
    expect(imported.stderr).not.toMatch(/engram: /);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/messages: 4 read, 4 stored, 0 skipped/);
    const second = path.join(dir, "ada-2.jsonl");
    expect((await runCli(["export", "--user", "ada", "--out", second, "--db", fresh])).code).toBe(0);
    const before = await readExport(first);
    const after = await readExport(second);
    expect(after.records).toEqual(before.records);
    expect({ ...after.header, exported_at: "" }).toEqual({ ...before.header, exported_at: "" });
    const kinds = new Set(before.records.map((record) => record.kind));
    expect([...kinds].sort()).toEqual(["entity", "history", "memory", "message", "relation"]);
    expect(before.records.some((record) => JSON.stringify(record).includes(BOB_WORD))).toBe(false);
    // The fresh store seals the secret again with its own key file.
    expect(grepFolder(fresh, API_KEY)).toEqual([]);
    const again = await runCli(["import", first, "--db", fresh]);
    expect(again.stdout).toMatch(/messages: 4 read, 0 stored, 4 skipped/);
    expect((await readExport(second)).records).toEqual(before.records);
  });

  it("forgets a user: nothing of theirs is left in any file, the other user stays", async () => {
    expect(grepFolder(db, ADA_WORD).length).toBeGreaterThan(0);
    const run = await runCli(["forget", "--user", "ada", "--db", db, "--json"], { env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { rows: Record<string, number>; threads: string[] };
    expect(result.rows.messages).toBe(4);
    expect(grepFolder(db, ADA_WORD)).toEqual([]);
    expect(grepFolder(db, "ada.trust@example.org")).toEqual([]);
    expect(grepFolder(db, BOB_WORD).length).toBeGreaterThan(0);
    const bob = JSON.parse((await runCli(["stats", "--db", db, "--user", "bob", "--json"], { env })).stdout) as Record<string, number>;
    expect(bob.messages).toBe(1);
  });

  it("never lets a hostile --user reach another user's rows", async () => {
    for (const user of ["bob' OR '1'='1", "%", "b_b", "bob\\", "bоb" /* Cyrillic o */]) {
      const recall = await runCli(["recall", `${BOB_WORD} bread`, "--db", db, "--user", user, "--json"], { env });
      expect(recall.code).toBe(0);
      expect((JSON.parse(recall.stdout) as { items: unknown[] }).items).toEqual([]);
      const stats = JSON.parse((await runCli(["stats", "--db", db, "--user", user, "--json"], { env })).stdout) as Record<string, unknown>;
      const rows = Object.values(stats).filter((value): value is number => typeof value === "number");
      expect(rows.length).toBeGreaterThanOrEqual(8);
      expect(rows.every((count) => count === 0)).toBe(true);
      expect(stats.pending).toMatchObject({ messages: 0 });
      if (user === "%" || user === "bob' OR '1'='1") {
        expect((await runCli(["forget", "--user", user, "--db", db], { env })).code).toBe(0);
      }
    }
    const bob = JSON.parse((await runCli(["stats", "--db", db, "--user", "bob", "--json"], { env })).stdout) as Record<string, number>;
    expect(bob.messages).toBe(1);
    const nul = await runCli(["stats", "--db", db, "--user", "bob\u0001", "--json"], { env });
    expect(nul.code).toBe(2);
    expect(nul.stderr).toMatch(/^engram: ValidationError: invalid scope/);
  }, 120_000);

  it("imports the good lines of a hostile file and names every bad line", async () => {
    const good = (id: string, extra: Json = {}) => JSON.stringify({ id, user: "dee", content: `Dee line ${id} about sailing.`, timestamp: "2024-05-01T10:00:00Z", ...extra });
    const file = path.join(dir, "hostile.jsonl");
    const lines = [
      good("d1"),
      JSON.stringify({ id: "d2", user: "dee", content: "   \t " }),
      JSON.stringify({ id: "d3", user: "dee", content: "x".repeat(5 * 1024 * 1024) }),
      "INVALID_UTF8_PLACEHOLDER",
      JSON.stringify({ id: "d5", user: "dee", role: "robot", content: "hello" }),
      JSON.stringify({ id: "d6", user: "dee", content: "hello", timestamp: "2024-13-45T99:00:00Z" }),
      '{"id": "d7", "user": "dee", "content": "trunc',
      JSON.stringify([1, 2, 3]),
      JSON.stringify({ id: "d9", user: 42, content: "hi" }),
      good("d10", { timestamp: "2999-01-01T00:00:00Z" }),
      good("d11"),
    ];
    const text = `${lines.join("\n")}\n`;
    const [beforeBad, afterBad] = text.split("INVALID_UTF8_PLACEHOLDER") as [string, string];
    await writeFile(file, Buffer.concat([Buffer.from(beforeBad), Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d]), Buffer.from(afterBad)]));
    const run = await runCli(["import", file, "--db", db], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/line 2: content: must not be only whitespace/);
    expect(run.stderr).toMatch(/line 3: content: must be at most 200000 characters/);
    expect(run.stderr).toMatch(/line 4: not valid UTF-8 text/);
    expect(run.stderr).toMatch(/line 5: role: /);
    expect(run.stderr).toMatch(/line 6: timestamp: /);
    expect(run.stderr).toMatch(/line 7: invalid JSON/);
    expect(run.stderr).toMatch(/line 8: not a message object/);
    expect(run.stderr).toMatch(/line 9: user: /);
    expect(run.stderr).toMatch(/line 10: warning: timestamp 2999-01-01T00:00:00Z is in the future/);
    expect(run.stdout).toMatch(/3 read, 3 stored/);
    const stats = JSON.parse((await runCli(["stats", "--db", db, "--user", "dee", "--json"], { env })).stdout) as Record<string, number>;
    expect(stats.messages).toBe(3);
  });

  it("refuses binary, truncated and wrong-schema files with a typed error and exit code 2", async () => {
    const binary = path.join(dir, "photo.jsonl");
    await writeFile(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    const cases: [string, RegExp][] = [
      [binary, /^engram: ValidationError: .*photo\.jsonl is a binary file/],
      [await writeLines(dir, "truncated.json", ['[{"sample_id": "x", "conversation": {"speaker_a": "A"']), /^engram: ValidationError: .*truncated\.json is not valid JSON/],
      [await writeLines(dir, "wrong.json", [JSON.stringify([{ sample_id: "x", conversation: { speaker_a: 1 } }])]), /^engram: ValidationError: LoCoMo sample 0 is not in the locomo10\.json layout.*speaker_a/],
      [await writeLines(dir, "not-array.json", [JSON.stringify({ sample_id: "x" })]), /^engram: ValidationError: a LoCoMo file is a JSON array of samples/],
      [await writeLines(dir, "empty.jsonl", [""]), /^engram: ValidationError: .*holds no valid message/],
    ];
    for (const [file, expected] of cases) {
      const run = await runCli(["import", file, "--db", db], { env });
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toMatch(expected);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("imports the valid samples of a LoCoMo file and names the rejected one", async () => {
    const good = { sample_id: "loco-good", conversation: { speaker_a: "A", speaker_b: "B", session_1_date_time: "1:56 pm on 8 May, 2023", session_1: [{ speaker: "A", dia_id: "D1:1", text: "I adopted a cat." }] }, qa: [] };
    const bad = { sample_id: "loco-bad", conversation: { speaker_a: "A", speaker_b: "B", session_1_date_time: "1:56 pm on 8 May, 2023", session_1: [{ speaker: "A", dia_id: "D1:1", text: "x".repeat(250_000) }] } };
    const file = await writeLines(dir, "mixed.json", [JSON.stringify([bad, good])]);
    const run = await runCli(["import", file, "--db", db], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/mixed\.json: loco-bad: session_1 is not a list of turns: 0\.text: .*\(sample skipped\)/);
    expect(run.stdout).toMatch(/1 read, 1 stored/);
  });

  it("reports a damaged or unusable store folder as a StoreError with exit code 4", async () => {
    const damaged = path.join(dir, "damaged");
    expect((await runCli(["stats", "--db", damaged])).code).toBe(0);
    await writeFile(path.join(damaged, "engram.json"), '{"format": 1, "embedd');
    const run = await runCli(["stats", "--db", damaged]);
    expect(run.code).toBe(4);
    expect(run.stderr.trim()).toMatch(/^engram: StoreError: cannot open store .*damaged/);
    const notAFolder = path.join(dir, "chat.jsonl");
    const file = await runCli(["stats", "--db", notAFolder]);
    expect(file.code).toBe(4);
    expect(file.stderr.trim()).toMatch(/^engram: StoreError: cannot create the database folder/);
  });

  it("rejects a malformed ENGRAM_SECRET_KEY with exit code 2", async () => {
    const run = await runCli(["stats", "--db", db], { env: { ENGRAM_SECRET_KEY: "too-short" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^engram: ValidationError: bad environment variable: ENGRAM_SECRET_KEY/);
  });
});
