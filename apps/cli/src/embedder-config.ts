import { NotConfiguredError, type EmbedderConfig } from "@engram/memory";
import type { CliConfig } from "./config";

/**
 * The library's embedder configuration for the provider named by `ENGRAM_EMBEDDER`.
 * `transformers` reads its model folder from `ENGRAM_EMBED_MODEL_PATH`; `openai` its model name
 * from `ENGRAM_EMBED_MODEL` (default `text-embedding-3-small`), its vector length from
 * `ENGRAM_EMBED_DIMENSIONS` and its server from the `OPENAI_*` variables.
 *
 * @throws NotConfiguredError for `transformers` without a model folder, or `openai` without
 *   `OPENAI_API_KEY` or `OPENAI_BASE_URL`.
 */
export function toEmbedderConfig(config: CliConfig): EmbedderConfig {
  switch (config.embedder) {
    case "hash":
      return { provider: "hash" };
    case "transformers":
      if (config.embeddingModelPath === undefined) {
        throw new NotConfiguredError("transformers", "set ENGRAM_EMBED_MODEL_PATH to a local ONNX sentence-embedding model folder");
      }
      return { provider: "transformers", modelPath: config.embeddingModelPath };
    case "openai":
      if (config.openai.apiKey === undefined && config.openai.baseUrl === undefined) {
        throw new NotConfiguredError("openai", "set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (an OpenAI-compatible server) for ENGRAM_EMBEDDER=openai");
      }
      return {
        provider: "openai",
        model: config.embeddingModel ?? "text-embedding-3-small",
        ...(config.embeddingDimensions === undefined ? {} : { dimensions: config.embeddingDimensions }),
        ...(config.openai.baseUrl === undefined ? {} : { baseURL: config.openai.baseUrl }),
        ...(config.openai.apiKey === undefined ? {} : { apiKey: config.openai.apiKey }),
      };
  }
}
