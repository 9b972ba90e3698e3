import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { createChatGraph, createEmbedder, createIngestGraph, createRecallGraph, Engram } from "@engram/memory";
import { createChatModel } from "./chat/create-chat-model";
import { readCliConfig } from "./config";
import { toEmbedderConfig } from "./embedder-config";

/** The three graphs LangGraph Studio shows, built on one open store. */
export interface StudioGraphs {
  ingest: ReturnType<typeof createIngestGraph>;
  recall: ReturnType<typeof createRecallGraph>;
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
 * The ingest and recall graphs are separate instances from the ones the chat graph runs inside
 * `Engram`, because the server sets a checkpointer on every graph it serves.
 *
 * @throws ValidationError for a bad environment variable; NotConfiguredError, StoreError as `engram` does.
 */
export async function openStudioGraphs(env: NodeJS.ProcessEnv, cwd: string): Promise<StudioGraphs> {
  const config = readCliConfig(env, cwd);
  await mkdir(config.defaultDb, { recursive: true });
  const engram = await Engram.open({ path: config.defaultDb, embedder: createEmbedder(toEmbedderConfig(config)) });
  const deps = { store: engram.store, embedder: engram.embedder };
  const chatModel = createChatModel(config);
  return {
    ingest: createIngestGraph({ ...deps, policy: engram.policy, now: () => new Date().toISOString(), newId: randomUUID }),
    recall: createRecallGraph({ ...deps, now: () => new Date() }),
    chat: createChatGraph({
      memory: engram,
      shortTerm: config.shortTerm,
      ...(chatModel === undefined ? {} : { chatModel }),
      ...(config.defaultUser === undefined ? {} : { userId: config.defaultUser }),
    }),
    db: config.defaultDb,
  };
}
