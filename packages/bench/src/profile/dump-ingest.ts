import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Engram, HashEmbedder, LanceDbMemoryStore, MEMORY_TYPES, parseLocomo } from "@engram/memory";

/**
 * Memories-unchanged check for ingest speed work: `tsx packages/bench/src/profile/dump-ingest.ts <locomo.json> <out.txt>`.
 * Ingests every LoCoMo sample into a fresh LanceDB store (one `add` per sample, offline policy,
 * hash embedder, as the bench does), prints the ingest wall time, and writes one sorted line per
 * stored row (memory items, graph rows, history events, messages: table, user, text, sources and
 * state; no ids or times), so two revisions' files can be compared with `diff`.
 */
async function main(): Promise<void> {
  const [dataPath, outFile] = process.argv.slice(2);
  if (!dataPath || !outFile) throw new Error("usage: dump-ingest.ts <locomo.json> <out.txt>");
  const samples = parseLocomo(JSON.parse(await readFile(dataPath, "utf8")) as unknown);
  const folder = await mkdtemp(join(tmpdir(), "engram-dump-"));
  try {
    const embedder = new HashEmbedder();
    const store = await LanceDbMemoryStore.open({ path: folder, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    const engram = await Engram.open({ store, embedder });
    const started = performance.now();
    for (const sample of samples) await engram.add(sample.messages, { user_id: sample.sample_id });
    const seconds = (performance.now() - started) / 1000;
    const messages = samples.reduce((sum, sample) => sum + sample.messages.length, 0);
    process.stdout.write(`ingest: ${messages} messages in ${seconds.toFixed(2)} s (${(messages / seconds).toFixed(1)} msg/s)\n`);
    const lines: string[] = [];
    const state = (validTo: string | null) => (validTo === null ? "valid" : "invalid");
    for (const { sample_id: user } of samples) {
      for (const type of MEMORY_TYPES) {
        for (const item of await store.listItems(type, user)) lines.push([type, user, item.key, item.text, item.sources.join(","), state(item.valid_to)].join("\t"));
      }
      for (const row of await store.listGraphRows("entities", user)) lines.push(["entities", user, row.name, row.aliases.join(","), row.sources.join(","), state(row.valid_to)].join("\t"));
      for (const row of await store.listGraphRows("relations", user)) lines.push(["relations", user, row.text, row.sources.join(","), state(row.valid_to)].join("\t"));
      for (const row of await store.listHistory(user)) lines.push(["history", user, row.memory_type, row.event, row.sources.join(",")].join("\t"));
      for (const message of await store.listMessages(user)) lines.push(["messages", user, message.id, message.processed_at === null ? "pending" : "processed", message.error ?? ""].join("\t"));
    }
    await writeFile(outFile, `${lines.sort().join("\n")}\n`);
    process.stdout.write(`wrote ${lines.length} rows to ${outFile}\n`);
    await engram.close();
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
