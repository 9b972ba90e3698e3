import path from "node:path";
import { makeTempDir, removeTempDir, runCli, writeLines } from "./helpers/run-cli";

const CONVERSATION = [
  { id: "m1", user: "ada", role: "user", speaker: "Ada", content: "My sister Grace lives in Porto.", timestamp: "2024-02-01T09:00:00Z" },
  { id: "m2", user: "ada", role: "user", speaker: "Ada", content: "Grace loves surfing.", timestamp: "2024-02-02T09:00:00Z" },
  { id: "m3", user: "ada", role: "user", speaker: "Ada", content: "I work at the Santa Maria hospital.", timestamp: "2024-02-03T09:00:00Z" },
  { id: "b1", user: "bob", role: "user", speaker: "Bob", content: "I have a dog named Rex.", timestamp: "2024-02-03T09:00:00Z" },
].map((line) => JSON.stringify(line));

/** `engram entities`, `engram relations` and `engram graph-memory` as real processes. */
describe("engram graph memory commands", () => {
  let dir: string;
  let db: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    db = path.join(dir, "db");
    const imported = await runCli(["import", await writeLines(dir, "graph.jsonl", CONVERSATION), "--db", db]);
    expect(imported.code).toBe(0);
  });

  afterAll(() => removeTempDir(dir));

  it("lists a user's entities with relation counts, and only theirs", async () => {
    const run = await runCli(["entities", "--db", db, "--user", "ada", "--json"]);
    expect(run.code).toBe(0);
    const { entities } = JSON.parse(run.stdout) as { entities: { name: string; relation_count: number }[] };
    expect(entities.find((entity) => entity.name === "Grace")?.relation_count).toBe(3);
    expect(entities.map((entity) => entity.name)).not.toContain("Rex");
    const text = await runCli(["entities", "--db", db, "--user", "ada"]);
    expect(text.stdout).toMatch(/^Grace \(person\) 3 relation\(s\)$/m);
  });

  it("lists relations, filtered by --entity", async () => {
    const run = await runCli(["relations", "--db", db, "--user", "ada", "--entity", "grace"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Grace -lives_in-> Porto  2024-02-01..  [m1]");
    expect(run.stdout).toContain("Grace -likes-> surfing");
    expect(run.stdout).not.toContain("works_at");
    const json = JSON.parse((await runCli(["relations", "--db", db, "--user", "bob", "--json"])).stdout) as { relations: { subject: string; predicate: string; object: string }[] };
    expect(json.relations).toEqual([expect.objectContaining({ subject: "Bob", predicate: "has_pet", object: "Rex" })]);
  });

  it("draws the graph as Mermaid, DOT and JSON, cut to --hops around --entity", async () => {
    const mermaid = await runCli(["graph-memory", "--db", db, "--user", "ada", "--format", "mermaid"]);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^graph LR;/);
    expect(mermaid.stdout).toMatch(/-->\|lives_in\|/);
    const dot = await runCli(["graph-memory", "--db", db, "--user", "ada", "--format", "dot"]);
    expect(dot.stdout).toMatch(/^digraph engram \{/);
    expect(dot.stdout).toContain('[label="works_at"]');
    const near = JSON.parse((await runCli(["graph-memory", "--db", db, "--user", "ada", "--entity", "Porto", "--hops", "1", "--format", "json"])).stdout) as { entities: { name: string }[] };
    expect(near.entities.map((entity) => entity.name).sort()).toEqual(["Grace", "Porto"]);
    const bad = await runCli(["graph-memory", "--db", db, "--user", "ada", "--format", "png"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/unknown format/);
  });
});
