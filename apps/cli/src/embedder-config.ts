import { NotConfiguredError, type EmbedderConfig } from "@engram/memory";
import type { CliConfig } from "./config";

/**
 * The library's embedder configuration for the provider named by `ENGRAM_EMBEDDER`.
 * `transformers` reads its model folder from `ENGRAM_EMBEDDING_MODEL`; `openai` its model name
 * (default `text-embedding-3-small`) and the `OPENAI_*` variables.
 *
 * @throws NotConfiguredError for `transformers` without `ENGRAM_EMBEDDING_MODEL`.
 */
export function toEmbedderConfig(config: CliConfig): EmbedderConfig {
  switch (config.embedder) {
    case "hash":
      return { provider: "hash" };
    case "transformers":
      if (config.embeddingModel === undefined) {
        throw new NotConfiguredError("transformers", "set ENGRAM_EMBEDDING_MODEL to a local ONNX sentence-embedding model folder");
      }
      return { provider: "transformers", modelPath: config.embeddingModel };
    case "openai":
      return {
        provider: "openai",
        model: config.embeddingModel ?? "text-embedding-3-small",
        ...(config.openai.baseUrl === undefined ? {} : { baseURL: config.openai.baseUrl }),
        ...(config.openai.apiKey === undefined ? {} : { apiKey: config.openai.apiKey }),
      };
  }
}
