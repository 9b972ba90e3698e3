import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engram } from "../src/engram";
import { HashEmbedder } from "../src/embed/hash-embedder";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";
import { parseLocomo } from "../src/io/locomo";

const DEV_FILE = join(__dirname, "../../../../shared/data/locomo/locomo-dev.json");
const sample = parseLocomo(JSON.parse(readFileSync(DEV_FILE, "utf8"))).find((entry) => entry.sample_id === "conv-30")!;
const scope = { user_id: "conv-30" };
const embedder = new HashEmbedder();
/** The LanceDB store of `path`, opened here so the test can ask it about its indexes (the facade keeps its store private). */
const openStore = (path: string) => LanceDbMemoryStore.open({ path, dimensions: embedder.dimensions, embedderId: embedder.modelId });

describe("ANN index past a row threshold", () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "engram-ann-"));
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("builds an IVF_PQ index on the tables past the threshold, keeps it on reopen, and still recalls", async () => {
    const store = await openStore(folder);
    const engram = await Engram.open({ store, embedder, annIndexAfterRows: 300 });
    try {
      await engram.add(sample.messages, scope);
      const rows = await engram.stats();
      const indexed = store.vectorIndexedTables();
      expect(indexed).toEqual(["core", "episodic", "semantic", "procedural", "resource", "knowledge_vault"].filter((type) => rows[type as keyof typeof rows] >= 300));
      expect(indexed).toContain("episodic");
      const recalled = await engram.recall("When did Gina lose her job at Door Dash?", scope);
      expect(recalled.items.length).toBeGreaterThan(0);
      expect(recalled.items.some((item) => item.sources.includes("D1:3"))).toBe(true);
    } finally {
      await engram.close();
    }
    const reopened = await openStore(folder);
    try {
      expect(reopened.vectorIndexedTables()).toContain("episodic");
      const hits = await reopened.vectorSearch("episodic", "conv-30", (await embedder.embedMany(["Gina lost her job at Door Dash"]))[0]!, { limit: 5 });
      expect(hits).toHaveLength(5);
      expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => a - b));
    } finally {
      await reopened.close();
    }
  });

  it("builds none below the threshold, nor with the default", async () => {
    const other = mkdtempSync(join(tmpdir(), "engram-ann-none-"));
    try {
      const store = await openStore(other);
      const engram = await Engram.open({ store, embedder });
      await engram.add(sample.messages.slice(0, 40), scope);
      expect(store.vectorIndexedTables()).toEqual([]);
      await engram.close();
      await expect(Engram.open({ path: other, annIndexAfterRows: -1 })).rejects.toMatchObject({ name: "ValidationError", issues: [expect.stringMatching(/^annIndexAfterRows: /)] });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
