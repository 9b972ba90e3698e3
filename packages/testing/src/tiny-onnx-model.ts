import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import protobuf from "protobufjs";

/**
 * The subset of ONNX's protobuf schema (onnx/onnx:onnx/onnx.proto, IR version 8) needed to write
 * a one-node model, declared with protobufjs reflection so no .proto file is shipped.
 */
function onnxTypes() {
  const root = protobuf.Root.fromJSON({
    nested: {
      onnx: {
        nested: {
          ModelProto: { fields: { ir_version: { type: "int64", id: 1 }, producer_name: { type: "string", id: 2 }, graph: { type: "GraphProto", id: 7 }, opset_import: { rule: "repeated", type: "OperatorSetIdProto", id: 8 } } },
          OperatorSetIdProto: { fields: { domain: { type: "string", id: 1 }, version: { type: "int64", id: 2 } } },
          GraphProto: {
            fields: {
              node: { rule: "repeated", type: "NodeProto", id: 1 },
              name: { type: "string", id: 2 },
              initializer: { rule: "repeated", type: "TensorProto", id: 5 },
              input: { rule: "repeated", type: "ValueInfoProto", id: 11 },
              output: { rule: "repeated", type: "ValueInfoProto", id: 12 },
            },
          },
          NodeProto: {
            fields: {
              input: { rule: "repeated", type: "string", id: 1 },
              output: { rule: "repeated", type: "string", id: 2 },
              name: { type: "string", id: 3 },
              op_type: { type: "string", id: 4 },
              attribute: { rule: "repeated", type: "AttributeProto", id: 5 },
            },
          },
          AttributeProto: { fields: { name: { type: "string", id: 1 }, i: { type: "int64", id: 3 }, type: { type: "int32", id: 20 } } },
          TensorProto: {
            fields: {
              dims: { rule: "repeated", type: "int64", id: 1 },
              data_type: { type: "int32", id: 2 },
              float_data: { rule: "repeated", type: "float", id: 4, options: { packed: true } },
              name: { type: "string", id: 8 },
            },
          },
          ValueInfoProto: { fields: { name: { type: "string", id: 1 }, type: { type: "TypeProto", id: 2 } } },
          TypeProto: { fields: { tensor_type: { type: "Tensor", id: 1 } }, nested: { Tensor: { fields: { elem_type: { type: "int32", id: 1 }, shape: { type: "TensorShapeProto", id: 2 } } } } },
          TensorShapeProto: {
            fields: { dim: { rule: "repeated", type: "Dimension", id: 1 } },
            nested: { Dimension: { fields: { dim_value: { type: "int64", id: 1 }, dim_param: { type: "string", id: 2 } } } },
          },
        },
      },
    },
  });
  return root.lookupType("onnx.ModelProto");
}

const FLOAT = 1;
const INT64 = 7;
const ATTRIBUTE_INT = 2;

/** Words of the tiny model's vocabulary (after [PAD], [UNK], [CLS], [SEP]). */
const WORDS = (
  "the a an and or of to in on at for with is are was were be i you he she we they it my your her his our their " +
  "ada grace lives live moved lisbon porto works work job engineer nurse cat dog miso tea coffee cello music book read " +
  "run ran marathon half race hike hiking mountain sister brother family friend talk conference deploy pipeline tests " +
  "build image registry workers bank fraud detection startup team morning evening week month year yesterday today tomorrow"
).split(" ");

/** Deterministic pseudo-random numbers in [-1, 1) (xorshift32). */
function* randomStream(seed: number): Generator<number> {
  let state = seed >>> 0 || 1;
  for (;;) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    yield (state / 0x100000000) * 2 - 1;
  }
}

/**
 * Writes a tiny BERT-shaped sentence-embedding model folder of our own making into `dir`:
 * `config.json`, `tokenizer.json` (WordPiece over a 120-word vocabulary, lowercased),
 * `tokenizer_config.json` and `onnx/model.onnx`, an ONNX graph with one node,
 * `Gather(embedding table [vocab, dimensions], input_ids) → last_hidden_state`. The
 * feature-extraction pipeline then mean-pools and normalizes: deterministic sentence vectors.
 *
 * @returns the folder and the vector length.
 */
export async function writeTinyOnnxModel(dir: string, dimensions = 8): Promise<{ dir: string; dimensions: number }> {
  const vocab: Record<string, number> = { "[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3 };
  for (const word of WORDS) vocab[word] ??= Object.keys(vocab).length;
  const vocabSize = Object.keys(vocab).length;
  const random = randomStream(42);
  const table = Array.from({ length: vocabSize * dimensions }, () => random.next().value as number);
  const ModelProto = onnxTypes();
  const tensorType = (elemType: number, dims: (number | string)[]) => ({
    tensor_type: { elem_type: elemType, shape: { dim: dims.map((dim) => (typeof dim === "number" ? { dim_value: dim } : { dim_param: dim })) } },
  });
  const model = ModelProto.create({
    ir_version: 8,
    producer_name: "engram-test",
    opset_import: [{ domain: "", version: 17 }],
    graph: {
      name: "tiny-embedding",
      node: [{ input: ["embedding_table", "input_ids"], output: ["last_hidden_state"], name: "gather", op_type: "Gather", attribute: [{ name: "axis", i: 0, type: ATTRIBUTE_INT }] }],
      initializer: [{ name: "embedding_table", dims: [vocabSize, dimensions], data_type: FLOAT, float_data: table }],
      input: [{ name: "input_ids", type: tensorType(INT64, ["batch", "sequence"]) }],
      output: [{ name: "last_hidden_state", type: tensorType(FLOAT, ["batch", "sequence", dimensions]) }],
    },
  });
  await mkdir(path.join(dir, "onnx"), { recursive: true });
  await writeFile(path.join(dir, "onnx", "model.onnx"), ModelProto.encode(model).finish());
  await writeFile(path.join(dir, "config.json"), JSON.stringify({ model_type: "bert", architectures: ["BertModel"], hidden_size: dimensions, vocab_size: vocabSize }));
  await writeFile(
    path.join(dir, "tokenizer_config.json"),
    JSON.stringify({ tokenizer_class: "BertTokenizer", do_lower_case: true, model_max_length: 128, pad_token: "[PAD]", unk_token: "[UNK]", cls_token: "[CLS]", sep_token: "[SEP]" }),
  );
  await writeFile(
    path.join(dir, "tokenizer.json"),
    JSON.stringify({
      version: "1.0",
      truncation: null,
      padding: null,
      added_tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]"].map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
      normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
      pre_tokenizer: { type: "BertPreTokenizer" },
      post_processor: null,
      decoder: null,
      model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab },
    }),
  );
  return { dir, dimensions };
}
