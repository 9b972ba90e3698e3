import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { IdSchema, isEngramExport, MessageInputSchema, parseEngramExport, parseJsonlMessages, parseLocomoSamples, ValidationError } from "../src/index";

/** Fixed seed: the fuzz run is the same in CI and on every machine. */
const SEED = 424242;
const JSONL_RUNS = 400;
const LOCOMO_RUNS = 300;
const EXPORT_RUNS = 200;

const LOCOMO_DEV = path.resolve(__dirname, "../../../shared/data/locomo/locomo-dev.json");

/** A well-formed JSONL line, so mutations start from something close to valid. */
const goodLine = fc.record({
  id: fc.string({ minLength: 1, maxLength: 8 }),
  user: fc.constantFrom("ada", "bob", "x' OR '1'='1"),
  role: fc.constantFrom("user", "assistant", "robot", 7),
  content: fc.string({ maxLength: 30 }),
  timestamp: fc.constantFrom("2024-03-01T10:00:00Z", "2999-01-01T00:00:00Z", "yesterday", "2024-02-30T10:00:00Z", undefined),
}).map((line) => JSON.stringify(line));

/** Hostile lines: valid lines cut short, random JSON of any shape, random text and code units, empty and huge lines. */
/** Property names every object inherits. */
const PROTOTYPE_KEYS = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf"];

const hostileLine = fc.oneof(
  goodLine,
  goodLine.chain((line) => fc.nat({ max: line.length }).map((cut) => line.slice(0, cut))),
  fc.json(),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.constantFrom("", "   ", "\uFEFF", "null", "[]", "{}", '{"user":"ada"}', '{"content":"hi"}', "\u0000\u0000"),
  // Keys every object inherits: a parser that looks kinds up with `in` finds them on the prototype.
  fc.constantFrom(...PROTOTYPE_KEYS.map((kind) => JSON.stringify({ kind, user_id: "ada" }))),
  fc.constant(JSON.stringify({ user: "ada", content: "x".repeat(250_000) })),
);

/** Randomly damages a JSON value: drops keys, swaps types, truncates strings. */
function mutate(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.filter(() => random() > 0.1).map((item) => mutate(item, random));
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(() => random() > 0.05);
    return Object.fromEntries(entries.map(([key, item]) => [key, random() < 0.05 ? [42, null, "", {}][Math.floor(random() * 4)] : mutate(item, random)]));
  }
  if (typeof value === "string" && random() < 0.05) return value.slice(0, Math.floor(value.length / 2));
  return value;
}

describe("parser fuzzing (fast-check, fixed seed)", () => {
  it(`parseJsonlMessages never throws and accounts for every line (${JSONL_RUNS} hostile files)`, () => {
    let lines = 0;
    fc.assert(
      fc.property(fc.array(hostileLine, { maxLength: 12 }), fc.constantFrom("\n", "\r\n"), (fileLines, eol) => {
        lines += fileLines.length;
        const text = fileLines.join(eol);
        const { messages, errors, warnings } = parseJsonlMessages(text, { now: new Date("2025-01-01T00:00:00Z") });
        const nonBlank = text.split(/\r?\n/).filter((line, index) => (index === 0 ? line.replace(/^\uFEFF/, "") : line).trim() !== "").length;
        expect(messages.length + errors.length).toBe(nonBlank);
        for (const error of errors) {
          expect(error.line).toBeGreaterThanOrEqual(1);
          expect(error.message.length).toBeGreaterThan(0);
        }
        for (const { message, line, user } of messages) {
          expect(line).toBeGreaterThanOrEqual(1);
          expect(message.content.trim()).not.toBe("");
          // What the parser accepts, Engram.add accepts: an import never fails half-way on a batch.
          expect(MessageInputSchema.safeParse(message).success).toBe(true);
          expect(IdSchema.safeParse(user).success).toBe(true);
        }
        expect(warnings.every((warning) => messages.some((message) => message.line === warning.line))).toBe(true);
      }),
      { numRuns: JSONL_RUNS, seed: SEED },
    );
    expect(lines).toBeGreaterThan(JSONL_RUNS);
    if (process.env.ENGRAM_REPORT_COUNTS) console.log(`jsonl fuzz: ${JSONL_RUNS} files, ${lines} lines`);
  });

  it(`parseLocomoSamples keeps valid samples and names each rejected one (${LOCOMO_RUNS} damaged files)`, () => {
    const real = fs.existsSync(LOCOMO_DEV) ? (JSON.parse(fs.readFileSync(LOCOMO_DEV, "utf8")) as unknown[]).slice(0, 1) : [];
    const sample = {
      sample_id: "s",
      conversation: { speaker_a: "A", speaker_b: "B", session_1_date_time: "1:56 pm on 8 May, 2023", session_1: [{ speaker: "A", dia_id: "D1:1", text: "hi" }] },
      qa: [{ question: "q?", answer: "a", evidence: ["D1:1"], category: 1 }],
    };
    const seeds = [sample, ...real];
    fc.assert(
      fc.property(fc.constantFrom(...seeds.keys()), fc.integer(), fc.oneof(fc.constant(null), fc.json()), (index, seed, junk) => {
        let state = seed;
        const random = () => {
          state = (state * 1103515245 + 12345) & 0x7fffffff;
          return state / 0x7fffffff;
        };
        const damaged = junk !== null && random() < 0.2 ? JSON.parse(junk) : [mutate(seeds[index], random), sample];
        try {
          const { samples, errors } = parseLocomoSamples(damaged);
          expect(samples.length + errors.length).toBe((damaged as unknown[]).length);
          for (const error of errors) expect(error.message).toMatch(/sample \d+|session_\d+|date-time/);
          for (const entry of samples) {
            expect(IdSchema.safeParse(entry.sample_id).success).toBe(true);
            for (const message of entry.messages) expect(MessageInputSchema.safeParse(message).success).toBe(true);
          }
        } catch (error) {
          // Only a file that is not an array at all is refused whole.
          expect(ValidationError.isInstance(error)).toBe(true);
          expect(Array.isArray(damaged)).toBe(false);
        }
      }),
      { numRuns: LOCOMO_RUNS, seed: SEED + 1 },
    );
  });

  it("parseEngramExport names a line whose kind is an inherited property name (constructor, __proto__) as a bad line, never throws", () => {
    const header = JSON.stringify({ kind: "engram-export", version: 1, user_id: "ada", exported_at: "2024-01-01T00:00:00Z", embedder: "hash-512", dimensions: 512 });
    const body = PROTOTYPE_KEYS.map((kind) => JSON.stringify({ kind, user_id: "ada" }));
    const result = parseEngramExport([header, ...body].join("\n"));
    expect(result.records).toEqual([]);
    expect(result.errors.map((error) => error.line)).toEqual(body.map((_line, index) => index + 2));
    for (const error of result.errors) expect(error.message).toMatch(/^kind: expected "message", "memory", "history", "entity" or "relation"/);
  });

  it(`parseEngramExport never throws and rejects records of another user (${EXPORT_RUNS} hostile files)`, () => {
    const header = JSON.stringify({ kind: "engram-export", version: 1, user_id: "ada", exported_at: "2024-01-01T00:00:00Z", embedder: "hash-512", dimensions: 512 });
    fc.assert(
      fc.property(fc.array(fc.oneof(hostileLine, fc.constant('{"kind":"message","user_id":"bob"}')), { maxLength: 8 }), (body) => {
        const text = [header, ...body].join("\n");
        expect(isEngramExport(text)).toBe(true);
        const result = parseEngramExport(text);
        expect(result.header?.user_id).toBe("ada");
        expect(result.records.every((record) => record.user_id === "ada")).toBe(true);
        expect(result.records.length + result.errors.length).toBe(body.filter((line) => line.trim() !== "").length);
      }),
      { numRuns: EXPORT_RUNS, seed: SEED + 2 },
    );
  });
});
