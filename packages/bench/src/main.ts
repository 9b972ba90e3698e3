import { runBenchCommand } from "./cli/bench-command";

// `pnpm bench --data <locomo.json> --out <dir> [...]`: see cli/bench-command.ts.
// The first Ctrl-C stops after the current step and removes the temporary stores; a second one exits at once.
const controller = new AbortController();
process.on("SIGINT", () => {
  if (controller.signal.aborted) process.exit(130);
  process.stderr.write("\ninterrupted: stopping after the current step (Ctrl-C again to quit now)\n");
  controller.abort(new Error("interrupted (SIGINT)"));
});

runBenchCommand(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env, signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
