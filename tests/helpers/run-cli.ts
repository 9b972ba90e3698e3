import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** The repository root (the CLI runs from here, as `pnpm engram` does). */
export const REPO_ROOT = path.resolve(__dirname, "../..");
/** The `engram` bin launcher (runs the built apps/cli/dist/main.js: `pnpm test` builds it first). */
export const ENGRAM_BIN = path.join(REPO_ROOT, "apps/cli/bin/engram.js");
/** The LoCoMo development file shared beside the repository. */
export const LOCOMO_DEV = path.resolve(__dirname, "../../../shared/data/locomo/locomo-dev.json");

/** What a finished CLI process left behind. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the process, milliseconds. */
  ms: number;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Written to the process's stdin, which is then closed. */
  input?: string;
  /** Extra environment variables (`CI=1` is always set, `ENGRAM_DB` removed unless given here). */
  env?: Record<string, string>;
  /** Kill the process after this long. @default 120000 */
  timeoutMs?: number;
}

/** Newest modification time (ms) of the files under `dir`, 0 when it is missing. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

let builtChecked = false;

/**
 * Throws unless the built CLI and library (dist/) are at least as new as their sources: the bin
 * runs dist/, and a stale build would test old code. `pnpm test` builds first; alone, run `pnpm build`.
 */
export function assertCliBuilt(): void {
  if (builtChecked) return;
  for (const pkg of ["apps/cli", "packages/memory"]) {
    const dist = path.join(REPO_ROOT, pkg, "dist");
    const built = (() => {
      try {
        return newestMtime(dist);
      } catch {
        return 0;
      }
    })();
    if (built < newestMtime(path.join(REPO_ROOT, pkg, "src"))) throw new Error(`${pkg}/dist is missing or older than ${pkg}/src: run \`pnpm build\` first`);
  }
  builtChecked = true;
}

/**
 * Runs `engram <args>` as a real process from the repository root, through the package's bin
 * launcher, and resolves when it exits.
 */
export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliRun> {
  assertCliBuilt();
  const env: NodeJS.ProcessEnv = { ...process.env, CI: "1", ...options.env };
  if (options.env?.ENGRAM_DB === undefined) delete env.ENGRAM_DB;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENGRAM_BIN, ...args], { cwd: REPO_ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Makes a new empty temporary folder; remove it with {@link removeTempDir}. */
export function makeTempDir(prefix = "engram-test-"): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Removes a folder made by {@link makeTempDir}. */
export function removeTempDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** Writes `lines` as a file `name` in `dir` (newline-terminated) and returns its path. */
export async function writeLines(dir: string, name: string, lines: string[]): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `${lines.join("\n")}\n`, "utf8");
  return file;
}
