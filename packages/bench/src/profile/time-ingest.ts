import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createOfflinePolicy, Engram, InMemoryMemoryStore, parseLocomo, type IngestPolicy, type LocomoSample } from "@engram/memory";
import { profiled } from "./cpu-profile";

/**
 * Times one offline ingest: `tsx --conditions=@engram/source packages/bench/src/profile/time-ingest.ts
 * <locomo.json> [lance|mem] [on|off] [first|all]` adds the first LoCoMo sample's messages (`all`:
 * every sample's at once, one store each, as the bench ingests them) in one `Engram.add` each to a
 * fresh store (`lance`: LanceDB in a temporary folder, the default; `mem`: `InMemoryMemoryStore`)
 * with the parse worker on (default) or off, and prints wall milliseconds (`all`: elapsed, and the
 * adds' walls summed as the bench sums them), process CPU milliseconds (every thread: main, parse
 * worker, LanceDB's; on Linux also split by thread group, {@link threadCpuMs}), the main thread's busy milliseconds (event-loop utilization: near the wall
 * when the main thread is what the ingest waits for) and messages per second. A fifth argument
 * repeats it that many rounds in the one process, each into fresh stores (`... lance on all 3`): the
 * first round pays for loading the NLP libraries, the parse worker and compiling the code, the later
 * ones show the throughput of a warm process. Alternate builds run by run to compare them: one run's
 * timing varies with the machine's load. A sixth argument, a file name, writes the main thread's CPU
 * profile of the last round there (`... lance on all 9 warm.cpuprofile`: a warm round's flame graph,
 * for Chrome DevTools or speedscope; `summarize-cpu-profile.ts` lists its top functions).
 */
async function main(): Promise<void> {
  const [dataPath, store = "lance", worker = "on", which = "first", roundsArgument = "1", profilePath] = process.argv.slice(2);
  const rounds = Number(roundsArgument);
  if (!dataPath || !["lance", "mem"].includes(store) || !["on", "off"].includes(worker) || !["first", "all"].includes(which) || !Number.isInteger(rounds) || rounds < 1) {
    throw new Error("usage: time-ingest.ts <locomo.json> [lance|mem] [on|off] [first|all] [rounds] [last-round.cpuprofile]");
  }
  const samples = parseLocomo(JSON.parse(await readFile(dataPath, "utf8")) as unknown).slice(0, which === "all" ? undefined : 1);
  if (samples.length === 0) throw new Error(`no sample in ${dataPath}`);
  const policy = createOfflinePolicy({ parseWorker: worker === "on" });
  for (let round = 1; round <= rounds; round++) {
    const options = { store, worker, which, label: rounds > 1 ? `round ${round}: ` : "" };
    if (round === rounds && profilePath) {
      await profiled(profilePath, () => timeRound(samples, policy, options));
      process.stdout.write(`wrote ${profilePath}\n`);
    } else await timeRound(samples, policy, options);
  }
}

/** One timed ingest of `samples` (each into a fresh store, all at once), printed as one line. */
async function timeRound(samples: LocomoSample[], policy: IngestPolicy, options: { store: string; worker: string; which: string; label: string }): Promise<void> {
  const { store, worker, which, label } = options;
  const folders = await Promise.all(samples.map(() => mkdtemp(join(tmpdir(), "engram-time-ingest-"))));
  const engrams = await Promise.all(
    folders.map((folder) => Engram.open(store === "mem" ? { store: new InMemoryMemoryStore({ dimensions: 512 }), policy } : { path: folder, policy })),
  );
  try {
    const start = performance.now();
    const threads = threadCpuMs();
    const cpu = process.cpuUsage();
    const loop = performance.eventLoopUtilization();
    const walls = await Promise.all(
      samples.map(async (sample, index) => {
        const added = performance.now();
        await engrams[index]!.add(sample.messages, { user_id: sample.sample_id });
        return performance.now() - added;
      }),
    );
    const wallMs = performance.now() - start;
    const mainMs = performance.eventLoopUtilization(loop).active;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const byThread = threadCpuMs();
    const split = threads && byThread ? ` (${[...byThread].map(([group, ms]) => `${group} ${Math.max(0, ms - (threads.get(group) ?? 0))}`).join(", ")})` : "";
    const messages = samples.reduce((sum, sample) => sum + sample.messages.length, 0);
    const summed = which === "all" ? ` (adds' walls summed ${walls.reduce((sum, ms) => sum + ms, 0).toFixed(0)} ms)` : "";
    process.stdout.write(
      `${label}${store} worker=${worker}: ${samples.length} sample(s), ${messages} messages, ${wallMs.toFixed(0)} ms wall${summed}, ${cpuMs.toFixed(0)} ms CPU${split}, main thread busy ${mainMs.toFixed(0)} ms, ${((messages / wallMs) * 1000).toFixed(0)} msg/s\n`,
    );
  } finally {
    await Promise.all(engrams.map((engram) => engram.close()));
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  }
}

/**
 * CPU milliseconds each group of the process's threads has used (Linux `/proc/self/task/<tid>/stat`,
 * utime + stime at 100 ticks a second, so 10 ms steps): `main` (the event loop), `lancedb` (its Rust
 * runtime's threads, `tokio-rt-worker` and `lance-cpu`), and `other` (the parse worker, V8's
 * compiler and GC helper threads, libuv's pool: Node names them all `node`). Undefined where there
 * is no `/proc`. A thread that ended between two reads takes its time with it.
 */
function threadCpuMs(): Map<string, number> | undefined {
  let tids: string[];
  try {
    tids = readdirSync("/proc/self/task");
  } catch {
    return undefined;
  }
  const groups = new Map<string, number>([["main", 0], ["lancedb", 0], ["other", 0]]);
  for (const tid of tids) {
    try {
      const name = readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim();
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      // Fields after the parenthesised name: state is field 3, utime and stime fields 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ms = (Number(fields[11]) + Number(fields[12])) * 10;
      const group = tid === String(process.pid) ? "main" : /^(tokio-rt-worker|lance-cpu)/.test(name) ? "lancedb" : "other";
      groups.set(group, groups.get(group)! + ms);
    } catch {
      // The thread ended while it was read.
    }
  }
  return groups;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
