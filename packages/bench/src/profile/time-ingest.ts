import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createOfflinePolicy, Engram, InMemoryMemoryStore, parseLocomo } from "@engram/memory";

/**
 * Times one offline ingest: `tsx --conditions=@engram/source packages/bench/src/profile/time-ingest.ts
 * <locomo.json> [lance|mem] [on|off]` adds the first LoCoMo sample's messages in one `Engram.add`
 * to a fresh store (`lance`: LanceDB in a temporary folder, the default; `mem`: `InMemoryMemoryStore`)
 * with the parse worker on (default) or off, and prints wall milliseconds, process CPU milliseconds
 * (every thread: main, parse worker, LanceDB's) and messages per second. Alternate builds run by run
 * to compare them: one run's timing varies with the machine's load.
 */
async function main(): Promise<void> {
  const [dataPath, store = "lance", worker = "on"] = process.argv.slice(2);
  if (!dataPath || !["lance", "mem"].includes(store) || !["on", "off"].includes(worker)) throw new Error("usage: time-ingest.ts <locomo.json> [lance|mem] [on|off]");
  const [sample] = parseLocomo(JSON.parse(await readFile(dataPath, "utf8")) as unknown);
  if (!sample) throw new Error(`no sample in ${dataPath}`);
  const folder = await mkdtemp(join(tmpdir(), "engram-time-ingest-"));
  const policy = createOfflinePolicy({ parseWorker: worker === "on" });
  const engram = await Engram.open(store === "mem" ? { store: new InMemoryMemoryStore({ dimensions: 512 }), policy } : { path: folder, policy });
  try {
    const start = performance.now();
    const cpu = process.cpuUsage();
    await engram.add(sample.messages, { user_id: sample.sample_id });
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    process.stdout.write(`${store} worker=${worker}: ${sample.messages.length} messages, ${wallMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU, ${((sample.messages.length / wallMs) * 1000).toFixed(0)} msg/s\n`);
  } finally {
    await engram.close();
    await rm(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
