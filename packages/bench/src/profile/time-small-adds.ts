import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Engram, type MessageInput } from "@engram/memory";

/**
 * Times the small adds of an agent's loop, one user turn and the assistant's reply each, into a
 * LanceDB store in a temporary folder with the offline policy:
 * `tsx --conditions=@engram/source packages/bench/src/profile/time-small-adds.ts [idleSeconds]`
 * prints the process's first add, three adds right after it, one after `idleSeconds` without an
 * add (default 31: longer than the parse worker's 30 s idle stop) and one right after that, in
 * wall milliseconds. Alternate builds run by run to compare them.
 */
async function main(): Promise<void> {
  const idleSeconds = Number(process.argv[2] ?? 31);
  if (!Number.isFinite(idleSeconds) || idleSeconds < 0) throw new Error("usage: time-small-adds.ts [idleSeconds]");
  const folder = await mkdtemp(join(tmpdir(), "engram-small-adds-"));
  const engram = await Engram.open({ path: folder });
  try {
    const time = async (label: string, turn: number) => {
      const start = performance.now();
      await engram.add(exchange(turn), { user_id: "ada" });
      process.stdout.write(`${label}: ${(performance.now() - start).toFixed(0)} ms\n`);
    };
    await time("first add of the process", 0);
    for (let turn = 1; turn <= 3; turn++) await time("add right after", turn);
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    await time(`add after ${idleSeconds} s without one`, 4);
    await time("add right after", 5);
  } finally {
    await engram.close();
    await rm(folder, { recursive: true, force: true });
  }
}

/** One user turn and the assistant's reply, on day `turn` of March 2024. */
function exchange(turn: number): MessageInput[] {
  const at = (minute: number) => new Date(Date.UTC(2024, 2, 1 + turn, 10, minute)).toISOString();
  return [
    { role: "user", speaker: "Ada", content: `I went hiking with my sister Ana on trail ${turn} last Saturday and loved it.`, timestamp: at(0) },
    { role: "assistant", content: `That sounds lovely! Which part of trail ${turn} did you like most?`, timestamp: at(1) },
  ];
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
