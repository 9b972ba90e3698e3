import { MultiBar, Presets, type SingleBar } from "cli-progress";
import type { BenchProgress } from "../run-bench";

/** Progress display of the `pnpm bench` command. */
export interface ProgressDisplay {
  update(progress: BenchProgress): void;
  stop(): void;
}

/** A display that shows nothing (CI, or output that is not a terminal). */
export const QUIET_PROGRESS: ProgressDisplay = { update: () => {}, stop: () => {} };

/**
 * cli-progress bars on stderr: one bar per sample and phase (ingest, recall) and one for answer
 * mode, each left on screen when complete.
 */
export function createProgressBars(stream: NodeJS.WritableStream = process.stderr): ProgressDisplay {
  const multibar = new MultiBar(
    { format: "{label} [{bar}] {value}/{total} {unit} | {duration_formatted} elapsed | eta {eta_formatted}", hideCursor: true, stream, fps: 5 },
    Presets.shades_classic,
  );
  const bars = new Map<string, SingleBar>();
  return {
    update(progress) {
      const key = `${progress.sampleId ?? "all"}:${progress.phase}`;
      let bar = bars.get(key);
      if (!bar) {
        const where = progress.sampleId ? `${progress.sampleId} (${(progress.sampleIndex ?? 0) + 1}/${progress.samples})` : "all samples";
        const unit = progress.phase === "ingest" ? "messages" : progress.phase === "recall" ? "questions" : "answers";
        bar = multibar.create(progress.total, progress.done, { label: `${progress.phase.padEnd(6)} ${where}`.padEnd(28), unit });
        bars.set(key, bar);
      }
      bar.setTotal(progress.total);
      bar.update(progress.done);
    },
    stop() {
      multibar.stop();
    },
  };
}
