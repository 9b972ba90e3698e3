import { readFile } from "node:fs/promises";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/**
 * Prints the top self-time functions of a `.cpuprofile` (Node `--cpu-prof`):
 * `tsx packages/bench/src/profile/summarize-cpu-profile.ts <file.cpuprofile> [top]`.
 */
async function main(): Promise<void> {
  const [file, top = "25"] = process.argv.slice(2);
  if (!file) throw new Error("usage: summarize-cpu-profile.ts <file.cpuprofile> [top]");
  const profile = JSON.parse(await readFile(file, "utf8")) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };
  const total = profile.samples.length;
  const bySelf = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*node_modules\/(\.pnpm\/)?/, "").replace(/^file:\/\/.*\/packages\//, "packages/");
    const key = `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`;
    bySelf.set(key, (bySelf.get(key) ?? 0) + (node.hitCount ?? 0));
  }
  const rows = [...bySelf.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(top));
  process.stdout.write(`${total} samples, ${((profile.endTime - profile.startTime) / 1e6).toFixed(2)} s\n`);
  for (const [key, hits] of rows) process.stdout.write(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
