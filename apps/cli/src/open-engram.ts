import { mkdir } from "node:fs/promises";
import { createEmbedder, Engram, isObjectStoreUri, StoreError, type BatchingOptions, type ChatModel, type Embedder } from "@engram/memory";
import { eprintln, type CliContext } from "./cli-context";
import type { CliConfig } from "./config";
import { toEmbedderConfig } from "./embedder-config";

/** Options of {@link openEngram}. */
export interface OpenEngramOptions {
  /** Batching of `add` (the chat REPL holds messages for fuller batches). @default { size: $ENGRAM_BATCH_SIZE } */
  batching?: BatchingOptions;
  /** A background consolidation pass after every N messages stored per user (`EngramOptions.consolidateEvery`); failures are logged to stderr. @default 0 (never) */
  consolidateEvery?: number;
}

/**
 * The chat model of the LLM ingest policy and active retrieval, or undefined (offline):
 * `ChatOpenAI` against `OPENAI_BASE_URL` (any OpenAI-compatible server) with
 * `ENGRAM_CHAT_MODEL`, not streaming. Its own retries are off: Engram retries with backoff itself
 * and counts every request. (`engram chat` answers with its own streaming model, `chat/create-chat-model.ts`.)
 */
export function createMemoryChatModel(config: CliConfig): ChatModel | undefined {
  if (config.chatModel === undefined) return undefined;
  // Required here, not at the top: `engram stats` and offline runs never load the OpenAI client.
  const { ChatOpenAI } = require("@langchain/openai") as typeof import("@langchain/openai");
  return new ChatOpenAI({
    model: config.chatModel,
    // Local servers (Ollama, llama.cpp) need no key, but the client insists on one.
    apiKey: config.openai.apiKey ?? "not-needed",
    maxRetries: 0,
    configuration: config.openai.baseUrl === undefined ? {} : { baseURL: config.openai.baseUrl },
  });
}

/** The configured embedder; `transformers` loads its local ONNX folder (only then is the ONNX runtime imported). */
export async function createCliEmbedder(config: CliConfig): Promise<Embedder> {
  const embedderConfig = toEmbedderConfig(config);
  if (embedderConfig.provider === "transformers") {
    // require, not import(): the CLI runs as CommonJS through tsx, whose hook serves require only.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { TransformersEmbedder } = require("@engram/embed-transformers") as typeof import("@engram/embed-transformers");
    return TransformersEmbedder.load({ modelPath: embedderConfig.modelPath });
  }
  return createEmbedder(embedderConfig);
}

/**
 * Opens (creating if missing) the Engram database in `dbPath` with the configured embedder and
 * chat model and a logger that writes to stderr. Close it with `engram.close()`.
 *
 * @throws NotConfiguredError when the configured embedder is not available.
 * @throws StoreError when the folder cannot be opened or was built with another embedder.
 */
export async function openEngram(context: CliContext, dbPath: string, options: OpenEngramOptions = {}): Promise<Engram> {
  const config = context.config();
  const embedder = await createCliEmbedder(config);
  const chatModel = createMemoryChatModel(config);
  try {
    if (!isObjectStoreUri(dbPath)) await mkdir(dbPath, { recursive: true });
  } catch (error) {
    throw new StoreError(`cannot create the database folder ${dbPath}: ${(error as Error).message}`, { storeName: "*", cause: error });
  }
  return Engram.open({
    path: dbPath,
    embedder,
    chatModel,
    llm: config.llm,
    batching: { size: config.batchSize, ...options.batching },
    ...(options.consolidateEvery ? { consolidateEvery: options.consolidateEvery } : {}),
    ...(config.secretKey === undefined ? {} : { secretKey: config.secretKey }),
    ...(config.storageOptions === undefined ? {} : { storageOptions: config.storageOptions }),
    logger: {
      warn: (message: string) => eprintln(context, `warning: ${message}`),
      info: (message: string) => {
        if (context.verbose) eprintln(context, message);
      },
    },
  });
}

/** Opens the database, runs `work` and closes the database, also when `work` throws. */
export async function withEngram<T>(context: CliContext, dbPath: string, work: (engram: Engram) => Promise<T>, options: OpenEngramOptions = {}): Promise<T> {
  const engram = await openEngram(context, dbPath, options);
  try {
    return await work(engram);
  } finally {
    await engram.close();
  }
}
