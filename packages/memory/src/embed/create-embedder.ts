import { z } from "zod";
import { NotConfiguredError } from "../errors/engram-error";
import type { Embedder } from "./embedder";
import { HashEmbedder } from "./hash-embedder";
import { OpenAiEmbedder } from "./openai-embedder";

/**
 * Embedder configuration, discriminated by `provider`:
 * - `hash` (default): the built-in model-free {@link HashEmbedder};
 * - `transformers`: a local ONNX sentence-embedding folder loaded through @huggingface/transformers
 *   with remote loading off;
 * - `openai`: any OpenAI-compatible `/v1/embeddings` endpoint.
 */
export const EmbedderConfigSchema = z.discriminatedUnion("provider", [
  z.object({ provider: z.literal("hash"), dimensions: z.number().int().min(16).max(8192).default(512) }),
  z.object({ provider: z.literal("transformers"), modelPath: z.string().min(1) }),
  z.object({
    provider: z.literal("openai"),
    model: z.string().min(1),
    baseURL: z.string().url().optional(),
    apiKey: z.string().optional(),
    dimensions: z.number().int().positive().optional(),
    maxRetries: z.number().int().min(0).max(10).optional(),
    retryBaseDelayMs: z.number().int().min(0).optional(),
  }),
]);
export type EmbedderConfig = z.input<typeof EmbedderConfigSchema>;

/**
 * Builds an embedder from its configuration.
 *
 * @throws NotConfiguredError for `transformers`: local ONNX models live in the separate
 *   `@engram/embed-transformers` package (`await TransformersEmbedder.load({ modelPath })`), so
 *   this library does not pull in an ONNX runtime; and for an `openai` model of unknown vector
 *   length without `dimensions`. `hash` always works.
 * @throws ValidationError (zod) for a malformed configuration.
 */
export function createEmbedder(config: EmbedderConfig = { provider: "hash" }): Embedder {
  const parsed = EmbedderConfigSchema.parse(config);
  switch (parsed.provider) {
    case "hash":
      return new HashEmbedder({ dimensions: parsed.dimensions });
    case "transformers":
      throw new NotConfiguredError(
        "transformers",
        `local ONNX embeddings (${parsed.modelPath}) are loaded by @engram/embed-transformers: TransformersEmbedder.load({ modelPath })`,
      );
    case "openai": {
      const { provider: _provider, ...options } = parsed;
      return new OpenAiEmbedder(options);
    }
  }
}
