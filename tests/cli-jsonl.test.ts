import { existsSync } from "node:fs";
import path from "node:path";
import { makeTempDir, removeTempDir, runCli, writeLines } from "./helpers/run-cli";

const SMALL_CONVERSATION = [
  { id: "m1", user: "bea", role: "user", content: "I'm Bea, I work as a nurse in Leeds.", timestamp: "2024-02-01T09:00:00Z", session: "s1" },
  { id: "m2", user: "bea", role: "assistant", content: "Nice to meet you, Bea!", timestamp: "2024-02-01T09:01:00Z", session: "s1" },
  { id: "m3", user: "bea", role: "user", content: "Yesterday I adopted a dog called Biscuit.", timestamp: "2024-02-01T09:02:00Z", session: "s1" },
  { id: "c1", user: "cy", role: "user", content: "My favourite band is Radiohead.", timestamp: "2024-02-02T10:00:00Z" },
].map((line) => JSON.stringify(line));

/** `engram` as a real process on small JSONL files, the chat REPL, errors and the demo. */
describe("engram CLI on JSONL", () => {
  let dir: string;
  let db: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    db = path.join(dir, "db");
  });

  afterAll(() => removeTempDir(dir));

  it("imports a JSONL file grouped by user, and adds nothing the second time", async () => {
    const file = await writeLines(dir, "small.jsonl", SMALL_CONVERSATION);
    const first = await runCli(["import", file, "--db", db]);
    expect(first.stderr).not.toMatch(/engram: /);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("(jsonl): 4 messages for 2 users");
    expect(first.stdout).toMatch(/4 read, 4 stored, 0 skipped/);
    const stats = JSON.parse((await runCli(["stats", "--db", db, "--user", "bea", "--json"])).stdout) as Record<string, number>;
    expect(stats.messages).toBe(3);
    const again = await runCli(["import", file, "--db", db]);
    expect(again.stdout).toMatch(/4 read, 0 stored, 4 skipped \(already stored/);
    expect(JSON.parse((await runCli(["stats", "--db", db, "--user", "bea", "--json"])).stdout)).toEqual(stats);
  });

  it("reports a bad line with its line number and imports the other lines", async () => {
    const file = await writeLines(dir, "bad.jsonl", [
      JSON.stringify({ id: "d1", user: "dee", content: "I live in Oslo." }),
      "{this is not json",
      JSON.stringify({ id: "d3", user: "dee", role: "user" }),
      JSON.stringify({ id: "d4", user: "dee", content: "I play the cello." }),
    ]);
    const run = await runCli(["import", file, "--db", db]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/bad\.jsonl: line 2: invalid JSON/);
    expect(run.stderr).toMatch(/bad\.jsonl: line 3: content: /);
    expect(run.stdout).toMatch(/2 bad lines skipped/);
    expect(run.stdout).toMatch(/2 read, 2 stored/);
    const stats = JSON.parse((await runCli(["stats", "--db", db, "--user", "dee", "--json"])).stdout) as Record<string, number>;
    expect(stats.messages).toBe(2);
  });

  it("exits with code 2 and one line on stderr for bad input", async () => {
    const file = await writeLines(dir, "one.jsonl", [SMALL_CONVERSATION[0] ?? ""]);
    const unknownFormat = await runCli(["import", file, "--db", path.join(dir, "never"), "--format", "xml"]);
    expect(unknownFormat.code).toBe(2);
    expect(unknownFormat.stderr.trim()).toMatch(/^engram: ValidationError: unknown import format "xml"/);
    expect(unknownFormat.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(path.join(dir, "never"))).toBe(false);

    const missing = await runCli(["import", path.join(dir, "missing.jsonl"), "--db", db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);

    const allBad = await runCli(["import", await writeLines(dir, "all-bad.jsonl", ["nope"]), "--db", db]);
    expect(allBad.code).toBe(2);
    expect(allBad.stderr).toMatch(/line 1: invalid JSON/);

    const usage = await runCli(["recall", "no user given", "--db", db]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--user/);
  });

  it("exits with code 5 when an unavailable embedder is configured", async () => {
    const run = await runCli(["stats", "--db", db], { env: { ENGRAM_EMBEDDER: "openai" } });
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/^engram: NotConfiguredError: openai/);
  });

  it("uses $ENGRAM_DB when --db is not given", async () => {
    const run = await runCli(["stats", "--user", "bea", "--json"], { env: { ENGRAM_DB: db } });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Record<string, number>).messages).toBe(3);
  });

  it("chats through piped stdin: one reply line per input line, until /exit", async () => {
    const run = await runCli(["chat", "--db", db, "--user", "eve"], {
      input: ["I love rock climbing and I climb every Sunday.", "What do I love doing?", "/exit", "this line comes after /exit"].join("\n"),
    });
    expect(run.stderr).not.toMatch(/engram: /);
    expect(run.code).toBe(0);
    const replies = run.stdout.trimEnd().split("\n");
    expect(replies).toHaveLength(2);
    expect(replies[0]).toBe("I don't remember anything about that yet.");
    expect(replies[1]).toMatch(/^From memory: .*climb/i);
    const stats = JSON.parse((await runCli(["stats", "--db", db, "--user", "eve", "--json"])).stdout) as Record<string, number>;
    expect(stats.messages).toBe(2);
  });

  it("runs the demo on the example conversation", async () => {
    const run = await runCli(["demo", "--db", path.join(dir, "demo")]);
    expect(run.stderr).not.toMatch(/engram: /);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/examples\/demo-conversation\.jsonl \(jsonl\): \d+ messages for 1 user/);
    expect(run.stdout).toMatch(/== Rows for user ada/);
    expect(run.stdout.match(/== recall "/g)).toHaveLength(3);
    expect(run.stdout).toMatch(/Lisbon/);
  });
});
