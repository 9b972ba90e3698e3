import { SingleBar, Presets } from "cli-progress";
import type { CliContext } from "../cli-context";

/** A progress display for a long import; does nothing when stderr is not a terminal or under CI. */
export interface Progress {
  /** Sets the number of messages done so far (of the total given at creation). */
  update(done: number, user: string): void;
  stop(): void;
}

/**
 * Starts a progress bar on stderr counting messages, when stderr is a TTY and `$CI` is not set.
 * Otherwise returns a progress that prints nothing, so logs and pipes stay clean.
 */
export function startProgress(context: CliContext, total: number): Progress {
  if (!context.stderr.isTTY || context.config().ci || total === 0) {
    return { update: () => undefined, stop: () => undefined };
  }
  const bar = new SingleBar(
    {
      stream: context.stderr,
      format: "ingesting {bar} {value}/{total} messages | {user} | {duration_formatted} elapsed, eta {eta_formatted}",
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { user: "" });
  return {
    update: (done, user) => bar.update(Math.min(done, total), { user }),
    stop: () => bar.stop(),
  };
}
