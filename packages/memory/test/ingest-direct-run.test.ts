import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HashEmbedder } from "../src/embed/hash-embedder";
import { createIngestRunner, ingestNodes, runIngestNodes, type IngestGraphDependencies } from "../src/graphs/ingest-graph";
import { createOfflinePolicy } from "../src/ingest/offline/offline-policy";
import { parseLocomo } from "../src/io/locomo";
import { MEMORY_TYPES } from "../src/schema/memory-type";
import { InMemoryMemoryStore } from "../src/store/in-memory-memory-store";
import type { Candidate } from "../src/schema/memory-item";
import type { StoredMessage } from "../src/schema/message";
import { fact, scriptedPolicy } from "./scripted-policy";

const DEV_FILE = join(__dirname, "../../../../shared/data/locomo/locomo-dev.json");
const sample = parseLocomo(JSON.parse(readFileSync(DEV_FILE, "utf8"))).find((entry) => entry.sample_id === "conv-30")!;
const scope = { user_id: "conv-30", agent_id: "engram" };

/** Dependencies over a fresh store, with ids and times that repeat from one call to the next. */
function dependencies(overrides: Partial<IngestGraphDependencies> = {}): IngestGraphDependencies {
  const embedder = new HashEmbedder();
  let next = 0;
  return {
    store: new InMemoryMemoryStore({ dimensions: embedder.dimensions }),
    embedder,
    policy: createOfflinePolicy(),
    now: () => "2024-01-01T00:00:00.000Z",
    newId: () => `id-${String(next++).padStart(6, "0")}`,
    ...overrides,
  };
}

/** Every row the ingest writes, by table, ordered by id. */
async function storedRows(store: InMemoryMemoryStore) {
  const items = await Promise.all(MEMORY_TYPES.map((type) => store.listItems(type, scope.user_id)));
  const graph = await Promise.all((["entities", "relations"] as const).map((table) => store.listGraphRows(table, scope.user_id)));
  const byId = (rows: { id: string }[]) => [...rows].sort((left, right) => left.id.localeCompare(right.id));
  return { items: items.map(byId), graph: graph.map(byId), history: byId(await store.listHistory(scope.user_id)), messages: byId(await store.listMessages(scope.user_id)) };
}

describe("the direct ingest run", () => {
  it("gives the compiled graph's output and writes the same rows, batch after batch", async () => {
    const viaGraph = dependencies();
    const direct = dependencies();
    const graph = createIngestRunner(viaGraph).graph;
    const { run } = createIngestRunner(direct);
    for (let start = 0; start < 100; start += 20) {
      const input = { input: sample.messages.slice(start, start + 20), scope };
      const expected = await graph.invoke(input);
      const actual = await run(input, {});
      for (const key of ["scope", "messages", "skipped", "drafts", "actions", "modelCalls", "llm", "warnings", "fallback"] as const) {
        expect([key, actual[key]]).toEqual([key, expected[key]]);
      }
    }
    expect(await storedRows(direct.store as InMemoryMemoryStore)).toEqual(await storedRows(viaGraph.store as InMemoryMemoryStore));
  });

  it("throws an agent's failure, as the compiled graph does, after aborting the other agents' signal", async () => {
    const hash = new HashEmbedder();
    const signals: (AbortSignal | undefined)[] = [];
    const embedder = {
      modelId: hash.modelId,
      dimensions: hash.dimensions,
      maxBatchSize: hash.maxBatchSize,
      embedMany: async (texts: string[], options?: { signal?: AbortSignal }) => {
        signals.push(options?.signal);
        if (texts.some((text) => text.includes("broken"))) throw new Error("embedder down");
        await new Promise((resolve) => setTimeout(resolve, 20));
        return hash.embedMany(texts);
      },
    };
    const text = "broken routine: stretch, then dance";
    const procedure = (message: StoredMessage): Candidate => ({ type: "procedural", text, entry_type: "routine", summary: text, steps: ["stretch", "dance"], sources: [message.id], valid_from: message.timestamp, importance: 0.5, key: "" });
    const policy = scriptedPolicy((messages) => [fact(messages[0]!, "Gina likes dancing"), procedure(messages[0]!)]);
    const input = { input: sample.messages.slice(0, 2), scope };
    await expect(createIngestRunner(dependencies({ embedder, policy })).graph.invoke(input)).rejects.toThrow("embedder down");
    signals.length = 0;
    await expect(createIngestRunner(dependencies({ embedder, policy })).run(input, {})).rejects.toThrow("embedder down");
    expect(signals.length).toBeGreaterThan(1);
    expect(signals.every((signal) => signal?.aborted)).toBe(true);
  });

  it("rejects with the reason of an aborted signal", async () => {
    const controller = new AbortController();
    controller.abort(new Error("caller gave up"));
    const nodes = ingestNodes(dependencies());
    await expect(runIngestNodes(nodes, { input: sample.messages.slice(0, 2), scope }, { signal: controller.signal })).rejects.toThrow("caller gave up");
  });
});
