// The supported API of @engram/embed-transformers.
export { TransformersEmbedder, TransformersEmbedderOptionsSchema, type TransformersEmbedderOptions } from "./transformers-embedder";
