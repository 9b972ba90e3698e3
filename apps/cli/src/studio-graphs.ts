import { createChatGraph, type Engram } from "@engram/memory";
import { createChatModel } from "./chat/create-chat-model";
import type { CliContext } from "./cli-context";
import { readCliConfig } from "./config";
import { openEngram } from "./open-engram";

/** The graphs LangGraph Studio shows, built on one open store. */
export interface StudioGraphs {
  ingest: Engram["graphs"]["ingest"];
  recall: Engram["graphs"]["recall"];
  /** One consolidation pass over `{ userId }` (no user lock here: run it while nothing else writes that user). */
  consolidate: Engram["graphs"]["consolidate"];
  chat: ReturnType<typeof createChatGraph>;
  /** The store folder the graphs read and write. */
  db: string;
}

/**
 * Builds the ingest, recall and chat graphs with the same configuration as the `engram` command:
 * the store folder from `ENGRAM_DB` (else `./.engram`), the embedder from `ENGRAM_EMBEDDER`, the chat
 * model from `OPENAI_*` and `ENGRAM_CHAT_MODEL`, short-term memory from `ENGRAM_SHORT_TERM*`. The
 * chat graph's user comes from the run's `configurable.user_id`, else `ENGRAM_USER`. No checkpointer
 * is attached: the LangGraph server injects its own.
 *
 * The ingest and recall graphs are the store's own (`engram.graphs`), so Studio runs exactly what
 * `Engram.add` and `Engram.recall` run. The server sets its checkpointer on every graph it serves;
 * inside a chat run they then checkpoint as subgraphs of the chat thread.
 *
 * @throws ValidationError for a bad environment variable; NotConfiguredError, StoreError as `engram` does.
 */
export async function openStudioGraphs(env: NodeJS.ProcessEnv, cwd: string): Promise<StudioGraphs> {
  const config = readCliConfig(env, cwd);
  // The server's own console: library warnings go to its stderr, as the CLI's do.
  const context: CliContext = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, config: () => config, verbose: false };
  const engram = await openEngram(context, config.defaultDb);
  const chatModel = createChatModel(config);
  return {
    ingest: engram.graphs.ingest,
    recall: engram.graphs.recall,
    consolidate: engram.graphs.consolidate,
    chat: createChatGraph({
      memory: engram,
      shortTerm: config.shortTerm,
      ...(chatModel === undefined ? {} : { chatModel }),
      ...(config.defaultUser === undefined ? {} : { userId: config.defaultUser }),
    }),
    db: config.defaultDb,
  };
}
