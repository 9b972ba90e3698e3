import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { createEmbedder, parseLocomo, type EmbedderConfig } from "@engram/memory";
import { RETRIEVAL_SYSTEMS, type RetrievalSystem } from "../bench-records";
import { createEngramMemoryFactory } from "../engram-memory-factory";
import { firstSessions } from "../first-sessions";
import { formatRate } from "../report/format-number";
import { writeBenchOutputs } from "../report/write-outputs";
import { DEFAULT_BUDGETS, runBench } from "../run-bench";
import { answerModeFromEnvironment, DEFAULT_CHAT_MODEL, type AnswerEnvironment } from "./answer-config";
import { createOpenAiChatModel } from "../answer/chat-model";
import { readGitInfo } from "./git-info";
import { positiveInteger } from "./positive-integer";
import { renderGraphAblationMarkdown, summarizeGraphAblation } from "../report/graph-ablation";
import { writeGraphAblation } from "../report/write-outputs";
import { createProgressBars, QUIET_PROGRESS } from "./progress-bars";

/** Where the command writes: summary lines to `out`, errors (and progress bars) to `err`. */
export interface BenchCommandIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream & { isTTY?: boolean };
  env: AnswerEnvironment & { CI?: string; npm_lifecycle_event?: string };
  /** Aborts the run (SIGINT). */
  signal?: AbortSignal;
}

interface ParsedOptions {
  data: string;
  out: string;
  budgets: number[];
  samples?: string[];
  answer: boolean;
  answerSystems: RetrievalSystem[];
  concurrency: number;
  maxQuestions?: number;
  keepStores: boolean;
  consolidate: boolean;
  embedder: string;
  embedderModel?: string;
  llm: boolean;
  llmTimeout: number;
  llmTopics: boolean;
  batchSize: number;
  maxSessions?: number;
  sampleConcurrency?: number;
  progress: boolean;
  explain: boolean;
  graph: boolean;
  turnRecall: boolean;
  expansion: boolean;
}

function list(value: string): string[] {
  return value.split(",").map((entry) => entry.trim()).filter((entry) => entry.length > 0);
}

function budgetList(value: string): number[] {
  const budgets = list(value).map(positiveInteger);
  if (budgets.length === 0) throw new InvalidArgumentError("expected at least one budget");
  return budgets;
}

function systemList(value: string): RetrievalSystem[] {
  const systems = list(value);
  for (const system of systems) {
    if (!(RETRIEVAL_SYSTEMS as readonly string[]).includes(system)) throw new InvalidArgumentError(`unknown system ${JSON.stringify(system)} (known: ${RETRIEVAL_SYSTEMS.join(", ")})`);
  }
  return systems as RetrievalSystem[];
}

function buildProgram(io: BenchCommandIo): Command {
  return new Command("bench")
    .description("LoCoMo benchmark: Engram against BM25 over raw turns and full context; writes report.json, report.md, questions.jsonl, recall-vs-tokens.svg")
    .requiredOption("--data <file>", "LoCoMo JSON in the released locomo10.json layout")
    .requiredOption("--out <dir>", "folder for the reports (created if missing)")
    .option("--budgets <list>", "token budgets, comma-separated", budgetList, [...DEFAULT_BUDGETS])
    .option("--samples <ids>", "only these sample ids, comma-separated (e.g. conv-26,conv-30)", list)
    .option("--answer", "answer and judge every scored question with a chat model (OPENAI_API_KEY, OPENAI_BASE_URL, ENGRAM_CHAT_MODEL, ENGRAM_JUDGE_MODEL)", false)
    .option("--answer-systems <list>", "contexts to answer from: engram, bm25", systemList, ["engram"] as RetrievalSystem[])
    .option("--concurrency <n>", "answer-mode requests at once", positiveInteger, 4)
    .option("--max-questions <n>", "only the first N questions of each sample (quick runs)", positiveInteger)
    .option("--keep-stores", "keep the temporary store folders", false)
    .option("--consolidate", "after the recall phase, run one consolidation pass and recall again: rows, pass time, recall and coverage before and after", false)
    .option("--embedder <provider>", "embedder: hash, transformers, openai", "hash")
    .option("--embedder-model <name>", "model name (openai) or folder (transformers)")
    .option("--llm", "ingest with the LLM policy and recall with the topic call (OPENAI_API_KEY, OPENAI_BASE_URL, ENGRAM_CHAT_MODEL)", false)
    .option("--batch-size <n>", "messages per ingest batch (one LLM call each with --llm)", positiveInteger, 20)
    .option("--llm-timeout <ms>", "time limit of one model request with --llm (raise it for a relay answered by hand)", positiveInteger, 60_000)
    .option("--no-llm-topics", "with --llm, recall with offline topics: the model only ingests")
    .option("--max-sessions <n>", "only the first N sessions of each sample, and the questions whose evidence lies in them", positiveInteger)
    .option("--sample-concurrency <n>", "samples run at once (recall phases still one at a time; default: the number of cores)", positiveInteger)
    .option("--explain", "classify every missed evidence id at the headline budget: misses.jsonl and a table in report.md", false)
    .option("--no-progress", "no progress bars")
    .option("--no-turn-recall", "recall without the raw-turn list (EngramOptions.turnRecall: false), to measure what it adds")
    .option("--no-expansion", "recall without query expansion (EngramOptions.queryExpansion: false), to measure what it adds")
    .option("--no-graph", "graph ablation: also recall every question without the graph memory's lists, and time four more ingests per sample (graph, none, none, graph: the ingest ratio); writes graph-ablation.md/json and each question's no-graph context in questions.jsonl")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out.write(text), writeErr: (text) => io.err.write(text) });
}

function embedderConfig(options: ParsedOptions, env: AnswerEnvironment): EmbedderConfig {
  switch (options.embedder) {
    case "hash":
      return { provider: "hash" };
    case "transformers":
      return { provider: "transformers", modelPath: options.embedderModel ?? "" };
    case "openai":
      return {
        provider: "openai",
        model: options.embedderModel ?? "text-embedding-3-small",
        ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
        ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
      };
    default:
      throw new InvalidArgumentError(`unknown embedder ${JSON.stringify(options.embedder)} (hash, transformers, openai)`);
  }
}

/**
 * The chat model of `--llm`: `ENGRAM_CHAT_MODEL` (default gpt-4o-mini) at `OPENAI_BASE_URL`, with
 * its own retries off (Engram retries with backoff and counts every request).
 *
 * @throws InvalidArgumentError when neither `OPENAI_API_KEY` nor `OPENAI_BASE_URL` is set.
 */
function ingestChatModel(env: AnswerEnvironment, timeoutMs: number) {
  const baseURL = env.OPENAI_BASE_URL?.trim() || undefined;
  const apiKey = env.OPENAI_API_KEY?.trim() || (baseURL ? "not-needed" : undefined);
  if (!apiKey) throw new InvalidArgumentError("--llm needs a chat model: set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible server)");
  return createOpenAiChatModel({ model: env.ENGRAM_CHAT_MODEL?.trim() || DEFAULT_CHAT_MODEL, apiKey, maxRetries: 0, timeoutMs, ...(baseURL ? { baseURL } : {}) });
}

function commandLine(argv: readonly string[], env: BenchCommandIo["env"]): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);
  const prefix = env.npm_lifecycle_event === "bench" ? "pnpm bench" : "tsx packages/bench/src/main.ts";
  return [prefix, ...argv.map(quote)].join(" ");
}

/**
 * The `pnpm bench` command: parses `argv` (without node and script), loads the LoCoMo file, runs
 * {@link runBench} with progress bars on a terminal (none under CI or when stderr is not a TTY),
 * writes the four outputs and prints the overall evidence recall.
 *
 * @returns the exit code: 0 done, 1 the run failed, 2 bad arguments, 130 interrupted.
 */
export async function runBenchCommand(argv: readonly string[], io: BenchCommandIo): Promise<number> {
  const program = buildProgram(io);
  let options: ParsedOptions;
  try {
    program.parse([...argv], { from: "user" });
    options = program.opts<ParsedOptions>();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const interactive = options.progress && !io.env.CI && io.err.isTTY === true;
  const progress = interactive ? createProgressBars(io.err) : QUIET_PROGRESS;
  try {
    const dataPath = resolve(options.data);
    const all = parseLocomo(JSON.parse(await readFile(dataPath, "utf8")) as unknown);
    const wanted = options.samples;
    const chosen = wanted ? all.filter((sample) => wanted.includes(sample.sample_id)) : all;
    const maxSessions = options.maxSessions;
    const samples = maxSessions === undefined ? chosen : chosen.map((sample) => firstSessions(sample, maxSessions));
    const missing = (wanted ?? []).filter((id) => !all.some((sample) => sample.sample_id === id));
    if (missing.length > 0) {
      io.err.write(`unknown sample id(s) ${missing.join(", ")}; the file has ${all.map((sample) => sample.sample_id).join(", ")}\n`);
      return 2;
    }
    const answer = options.answer ? answerModeFromEnvironment(io.env, options.answerSystems, options.concurrency) : undefined;
    const git = readGitInfo();
    const run = await runBench({
      samples,
      budgets: options.budgets,
      memory: createEngramMemoryFactory({
        embedder: createEmbedder(embedderConfig(options, io.env)),
        batchSize: options.batchSize,
        ...(options.turnRecall === false ? { turnRecall: false } : {}),
        ...(options.expansion === false ? { queryExpansion: false } : {}),
        ...(options.llm ? { chatModel: ingestChatModel(io.env, options.llmTimeout), llm: { timeoutMs: options.llmTimeout }, recallWithModel: options.llmTopics } : {}),
      }),
      ...(answer ? { answer } : {}),
      ...(options.maxQuestions !== undefined ? { maxQuestionsPerSample: options.maxQuestions } : {}),
      keepStores: options.keepStores,
      explain: options.explain,
      consolidate: options.consolidate,
      ...(options.graph === false ? { graphAblation: true } : {}),
      ...(options.sampleConcurrency !== undefined ? { sampleConcurrency: options.sampleConcurrency } : {}),
      // Recall with the model's topic call: a warm-up would pay 20 model calls per sample, and the model's latency dwarfs it.
      ...(options.llm && options.llmTopics ? { warmUpRecalls: 0 } : {}),
      meta: { command: commandLine(argv, io.env), gitCommit: git.commit, gitDirty: git.dirty, dataPath: options.data },
      onProgress: (event) => progress.update(event),
      ...(io.signal ? { signal: io.signal } : {}),
    });
    progress.stop();
    const paths = await writeBenchOutputs(resolve(options.out), run);
    const ablation = summarizeGraphAblation(run.questions, run.samples, run.report.meta.headline_budget);
    if (ablation) paths.push(...(await writeGraphAblation(resolve(options.out), ablation)));
    if (ablation) io.out.write(renderGraphAblationMarkdown(ablation));
    const { report } = run;
    io.out.write(`LoCoMo bench: ${report.questions} scored questions, ${report.meta.data.samples.length} sample(s), ${report.meta.wall_seconds.toFixed(1)} s${report.meta.cpu_seconds !== undefined ? ` (CPU ${report.meta.cpu_seconds.toFixed(1)} s)` : ""}${report.meta.load_average ? `, load average ${report.meta.load_average.start.toFixed(2)} → ${report.meta.load_average.end.toFixed(2)}` : ""}\n`);
    for (const budget of report.meta.budgets) {
      io.out.write(`  evidence recall@${budget}: engram ${formatRate(report.engram.overall[`recall@${budget}`])}  bm25 ${formatRate(report.bm25.overall[`recall@${budget}`])}\n`);
    }
    const phases = report.meta.phase_seconds;
    io.out.write(`  time per phase (s, summed over samples): ingest ${phases.ingest.toFixed(1)}, recall ${phases.recall.toFixed(1)} (recall phases' wall ${phases.recall_phase.toFixed(1)}), baselines ${phases.baselines.toFixed(1)}, answer ${phases.answer.toFixed(1)}; ${report.meta.sample_concurrency} sample(s) at once\n`);
    const { ingest_elapsed_seconds: cold, ingest_warm_elapsed_seconds: warm, ingest_warm_passes_seconds: passes } = report.meta;
    const messages = report.engram.ingest.messages;
    const passList = passes && passes.length > 1 ? `, passes ${passes.map((seconds) => seconds.toFixed(2)).join(" / ")} s` : "";
    if (cold) io.out.write(`  ingest throughput: ${(messages / cold).toFixed(1)} messages/s (${cold.toFixed(2)} s, the process's first ingest)${warm ? `, ${(messages / warm).toFixed(1)} messages/s warm (median pass ${warm.toFixed(2)} s${passList}: the same messages again after the run)` : ""}\n`);
    const flushes = report.meta.access_flush_ms;
    if (flushes && flushes.flushes > 0) io.out.write(`  access flushes between questions: ${flushes.flushes}, ms p50 ${flushes.p50} / p95 ${flushes.p95} / max ${flushes.max}, ${flushes.total_seconds.toFixed(1)} s in all\n`);
    const firstRecalls = Object.entries(report.meta.first_recall_ms ?? {});
    if (firstRecalls.length > 0) io.out.write(`  first recall after ingest (untimed warm-up, cold): ${firstRecalls.map(([sampleId, ms]) => `${sampleId} ${ms} ms`).join(", ")}\n`);
    if (report.meta.answer) io.out.write(`  judge accuracy (J): engram ${formatRate(report.engram.overall.judge_accuracy)}\n`);
    if (run.storePaths.length > 0) io.out.write(`stores kept: ${run.storePaths.join(", ")}\n`);
    io.out.write(`wrote ${paths.join(", ")}\n`);
    return 0;
  } catch (error) {
    progress.stop();
    if (io.signal?.aborted) {
      io.err.write("bench interrupted; temporary stores removed, no report written\n");
      return 130;
    }
    if (error instanceof InvalidArgumentError) {
      io.err.write(`error: ${error.message}\n`);
      return 2;
    }
    io.err.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
