// The graphs `langgraph.json` (repository root) exports to LangGraph Studio: `ingest`, `recall`,
// `consolidate` and `chat`, built with the same configuration as the `engram` command (ENGRAM_DB, ENGRAM_EMBEDDER,
// OPENAI_*, ENGRAM_CHAT_MODEL, ENGRAM_SHORT_TERM*, ENGRAM_USER). The LangGraph server calls each
// export (an async factory) once per run; the store is opened once per server process.
import { openStudioGraphs, type StudioGraphs } from "@engram/cli/studio-graphs";

let opened: Promise<StudioGraphs> | undefined;

function graphs(): Promise<StudioGraphs> {
  opened ??= openStudioGraphs(process.env, process.cwd());
  return opened;
}

/** The ingest graph: normalize → metaManager → the six memory agents → finish. Input: `{ input: MessageInput[], scope: { user_id } }`. */
export const ingest = async () => (await graphs()).ingest;

/** The recall graph: activeRetrieval → search → fuse → pack. Input: `{ query, scope: { user_id }, tokenBudget? }`. */
export const recall = async () => (await graphs()).recall;

/** The consolidate graph: load → promote → merge → summarize → archive → apply. Input: `{ userId, dryRun? }`. */
export const consolidate = async () => (await graphs()).consolidate;

/** The chat agent: recall → answer → ingest → shortTermMemory. Input: `{ messages }`; `configurable.user_id` names the user. */
export const chat = async () => (await graphs()).chat;
