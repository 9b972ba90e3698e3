import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { parseLocomo } from "@engram/memory";
import { positiveInteger } from "../cli/positive-integer";
import { runScale, scaleLevels } from "./run-scale";
import { renderScaleChart, renderScaleMarkdown } from "./scale-report";

// `pnpm bench:scale --rows <n> --out <dir> [--data <locomo.json>] [--ann-after <rows>]`: writes scale.json, scale.md, scale.svg.
async function main(argv: string[]): Promise<void> {
  const program = new Command("bench:scale")
    .requiredOption("--rows <n>", "largest store size in memory rows (levels: 10k, 100k, 1M below it, then n)", positiveInteger)
    .requiredOption("--out <dir>", "folder for scale.json, scale.md and scale.svg")
    .option("--data <file>", "LoCoMo JSON whose renamed copies are the real users", "../shared/data/locomo/locomo-dev.json")
    .option("--ann-after <rows>", "rows of a table from which the ANN index is built", positiveInteger, 100_000)
    .option("--questions <n>", "questions recalled per level", positiveInteger, 60)
    .option("--keep-store", "keep the store folder", false)
    .parse(argv, { from: "user" });
  const options = program.opts<{ rows: number; out: string; data: string; annAfter: number; questions: number; keepStore: boolean }>();
  const samples = parseLocomo(JSON.parse(await readFile(resolve(options.data), "utf8")) as unknown);
  const path = await mkdtemp(join(tmpdir(), "engram-scale-"));
  const started = Date.now();
  try {
    process.stderr.write(`levels: ${scaleLevels(options.rows).join(", ")}; store ${path}\n`);
    const levels = await runScale({ rows: options.rows, samples, path, annIndexAfterRows: options.annAfter, questions: options.questions, onLog: (line) => process.stderr.write(`${line}\n`) });
    const out = resolve(options.out);
    await mkdir(out, { recursive: true });
    const command = `pnpm bench:scale ${argv.join(" ")}`;
    await writeFile(join(out, "scale.json"), `${JSON.stringify({ command, date: new Date(started).toISOString(), wall_seconds: (Date.now() - started) / 1000, levels }, null, 2)}\n`);
    await writeFile(join(out, "scale.md"), renderScaleMarkdown(levels, { command, date: new Date(started).toISOString() }));
    await writeFile(join(out, "scale.svg"), renderScaleChart(levels));
    process.stdout.write(`scale bench: ${levels.length} level(s) in ${((Date.now() - started) / 1000).toFixed(1)} s; wrote ${join(out, "scale.json")}, scale.md, scale.svg\n`);
  } finally {
    if (!options.keepStore) await rm(path, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
