import { stat } from "node:fs/promises";
import path from "node:path";
import { env, pipeline, type FeatureExtractionPipeline } from "@huggingface/transformers";
import { ModelError, NotConfiguredError, ValidationError, type EmbedOptions, type Embedder } from "@engram/memory";
import { z } from "zod";
import { formatZodIssues } from "@engram/memory/internal";

/** Options of {@link TransformersEmbedder.load} (zod-validated; defaults in the schema). */
export const TransformersEmbedderOptionsSchema = z
  .object({
    /**
     * A local sentence-embedding model folder in the Hugging Face layout: `config.json`,
     * `tokenizer.json`, `tokenizer_config.json` and `onnx/model.onnx` (e.g. an export of
     * `sentence-transformers/all-MiniLM-L6-v2` by Optimum).
     */
    modelPath: z.string().min(1),
    /** How token vectors become one sentence vector. @default "mean" */
    pooling: z.enum(["mean", "cls"]).default("mean"),
    /** ONNX weights to load: `fp32` is `onnx/model.onnx`, `q8` is `onnx/model_quantized.onnx`. @default "fp32" */
    dtype: z.enum(["fp32", "fp16", "q8"]).default("fp32"),
    /** Texts per ONNX run. @default 32 */
    maxBatchSize: z.number().int().positive().default(32),
  })
  .strict();
export type TransformersEmbedderOptions = z.input<typeof TransformersEmbedderOptionsSchema>;

/**
 * Local ONNX sentence embeddings through @huggingface/transformers (Transformers.js), with remote
 * loading off: the model is read from `modelPath` only, nothing is downloaded. Vectors are pooled
 * (mean over the attention mask, by default) and L2-normalized, so the store's cosine distance is
 * 0 for the same direction and 2 for opposite ones.
 *
 * Note: Transformers.js keeps its settings in a module-wide `env`; loading sets
 * `env.allowRemoteModels = false` and `env.localModelPath` to the model's parent folder.
 *
 * @example
 * const embedder = await TransformersEmbedder.load({ modelPath: "./models/all-MiniLM-L6-v2" });
 * const engram = await Engram.open({ path: "./.engram", embedder });
 */
export class TransformersEmbedder implements Embedder {
  private constructor(
    private readonly extractor: FeatureExtractionPipeline,
    private readonly settings: z.output<typeof TransformersEmbedderOptionsSchema>,
    readonly modelId: string,
    readonly dimensions: number,
  ) {}

  get maxBatchSize(): number {
    return this.settings.maxBatchSize;
  }

  /**
   * Loads the model folder and probes its vector length with one embedding.
   *
   * @throws ValidationError for invalid options.
   * @throws NotConfiguredError when the folder or its files are missing or cannot be loaded.
   */
  static async load(options: TransformersEmbedderOptions): Promise<TransformersEmbedder> {
    const parsed = TransformersEmbedderOptionsSchema.safeParse(options);
    if (!parsed.success) {
      throw new ValidationError("invalid transformers embedder options", { issues: formatZodIssues(parsed.error.issues) });
    }
    const settings = parsed.data;
    const folder = path.resolve(settings.modelPath);
    const isFolder = await stat(folder).then((info) => info.isDirectory(), () => false);
    if (!isFolder) throw new NotConfiguredError("transformers", `model folder ${folder} does not exist`);
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = path.dirname(folder);
    let extractor: FeatureExtractionPipeline;
    try {
      extractor = (await pipeline("feature-extraction", path.basename(folder), { local_files_only: true, dtype: settings.dtype })) as FeatureExtractionPipeline;
    } catch (error) {
      throw new NotConfiguredError("transformers", `cannot load the ONNX model in ${folder}: ${(error as Error).message}`, { cause: error });
    }
    const probe = await runExtractor(extractor, ["dimension probe"], settings.pooling, folder);
    const dimensions = probe[0]!.length;
    return new TransformersEmbedder(extractor, settings, `transformers:${path.basename(folder)}:${settings.dtype}:${settings.pooling}`, dimensions);
  }

  /** One unit-length vector per text, in input order. */
  async embedMany(texts: string[], options: EmbedOptions = {}): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.maxBatchSize) {
      options.signal?.throwIfAborted();
      vectors.push(...(await runExtractor(this.extractor, texts.slice(start, start + this.maxBatchSize), this.settings.pooling, this.modelId)));
    }
    return vectors;
  }
}

async function runExtractor(extractor: FeatureExtractionPipeline, texts: string[], pooling: "mean" | "cls", modelId: string): Promise<number[][]> {
  if (texts.length === 0) return [];
  try {
    const output = await extractor(texts, { pooling, normalize: true });
    return output.tolist() as number[][];
  } catch (error) {
    throw new ModelError(`local embedding model ${modelId} failed: ${(error as Error).message}`, { modelId, cause: error });
  }
}
