import path from "node:path";
import { LOCOMO_DEV, makeTempDir, removeTempDir, runCli, type CliRun } from "./helpers/run-cli";

/** `engram` as a real process on the LoCoMo development file (conv-26: 419 turns, conv-30: 369). */
describe("engram CLI on LoCoMo", () => {
  let dir: string;
  let db: string;
  let firstImport: CliRun;

  beforeAll(async () => {
    dir = await makeTempDir();
    db = path.join(dir, "db");
    firstImport = await runCli(["import", LOCOMO_DEV, "--db", db], { timeoutMs: 600_000 });
  }, 600_000);

  afterAll(() => removeTempDir(dir));

  it("imports every turn of both conversations and prints a summary", () => {
    expect(firstImport.stderr).not.toMatch(/engram: /);
    expect(firstImport.code).toBe(0);
    expect(firstImport.stdout).toContain("(locomo): 788 messages for 2 users");
    expect(firstImport.stdout).toMatch(/messages: 788 read, 788 stored, 0 skipped/);
    expect(firstImport.stdout).toMatch(/actions: +ADD \d+/);
    expect(firstImport.stdout).toMatch(/time: +\d+\.\d s/);
  });

  it("prints rows per table with stats --json, also per user", async () => {
    const all = await runCli(["stats", "--db", db, "--json"]);
    expect(all.code).toBe(0);
    const stats = JSON.parse(all.stdout) as Record<string, unknown>;
    expect(Object.keys(stats).sort()).toEqual(
      ["core", "entities", "episodic", "history", "knowledge_vault", "llm", "messages", "pending", "procedural", "relations", "resource", "semantic"].sort(),
    );
    expect(stats.pending).toEqual({ messages: 0, failed: 0, batches: 0 });
    expect(stats.messages).toBe(788);
    const conv26 = JSON.parse((await runCli(["stats", "--db", db, "--user", "conv-26", "--json"])).stdout) as Record<string, number>;
    expect(conv26.messages).toBe(419);
    const table = await runCli(["stats", "--db", db, "--user", "conv-30"]);
    expect(table.stdout).toMatch(/messages\s+369/);
  });

  it("adds nothing when the same file is imported again", async () => {
    const before = (await runCli(["stats", "--db", db, "--json"])).stdout;
    const again = await runCli(["import", LOCOMO_DEV, "--db", db, "--format", "locomo"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/788 read, 0 stored, 788 skipped \(already stored/);
    const after = (await runCli(["stats", "--db", db, "--json"])).stdout;
    expect(JSON.parse(after)).toEqual(JSON.parse(before));
  });

  it("recalls the evidence turn of a temporal question, as one JSON object", async () => {
    const run = await runCli(["recall", "When did Caroline go to the LGBTQ support group?", "--db", db, "--user", "conv-26", "--json"]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      context: unknown;
      tokens: unknown;
      items: { id: unknown; type: unknown; text: unknown; sources: unknown; score: unknown }[];
    };
    expect(Object.keys(result).sort()).toEqual(["context", "items", "relations", "tokens"]);
    expect(typeof result.context).toBe("string");
    expect(typeof result.tokens).toBe("number");
    expect(result.tokens).toBeLessThanOrEqual(1500);
    for (const item of result.items) {
      expect(Object.keys(item).sort()).toEqual(["id", "score", "sources", "text", "type"]);
      expect(typeof item.id).toBe("string");
      expect(typeof item.text).toBe("string");
      expect(typeof item.score).toBe("number");
      expect(Array.isArray(item.sources)).toBe(true);
    }
    const evidence = result.items.find((item) => (item.sources as string[]).includes("D1:3") && (item.text as string).includes("7 May 2023"));
    expect(evidence).toBeDefined();
  });

  it("prints the context and a one-line footer without --json, within --budget", async () => {
    const run = await runCli(["recall", "What does Melanie like to paint?", "--db", db, "--user", "conv-26", "--budget", "300"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    const footer = /^-- (\d+)\/300 tokens, \d+ items?(?:, \d+ relations?)?, \d+ ms$/.exec(lines.at(-1) ?? "");
    expect(footer).not.toBeNull();
    expect(Number(footer?.[1])).toBeLessThanOrEqual(300);
  });

  it("rejects a bad --budget with exit code 2", async () => {
    const run = await runCli(["recall", "anything", "--db", db, "--user", "conv-26", "--budget", "lots"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^engram: ValidationError: --budget/m);
  });
});
