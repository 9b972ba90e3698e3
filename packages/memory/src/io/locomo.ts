import { loadChrono } from "../text/nlp-libraries";
import { z } from "zod";
import { ValidationError } from "../errors/engram-error";
import { MAX_MESSAGE_CHARS, type MessageInput } from "../schema/message";
import { IdSchema } from "../schema/scope";
import { formatZodIssues } from "../errors/zod-issues";

/** LoCoMo's question categories (Maharana et al., ACL 2024, arXiv 2402.17753). */
export const LOCOMO_CATEGORIES = {
  1: "multi-hop",
  2: "temporal",
  3: "open-domain",
  4: "single-hop",
  5: "adversarial",
} as const;
export type LocomoCategoryName = (typeof LOCOMO_CATEGORIES)[keyof typeof LOCOMO_CATEGORIES];

/** A `dia_id` that is a valid message id once its stray spaces are removed. */
const DiaIdSchema = z.string().refine((value) => IdSchema.safeParse(cleanDiaId(value)).success, "must be a valid id (1 to 512 characters, no control characters)");

const TurnSchema = z.looseObject({
  speaker: z.string().max(200),
  dia_id: DiaIdSchema,
  text: z.string().max(MAX_MESSAGE_CHARS),
  img_url: z.union([z.string(), z.array(z.string())]).nullish(),
  blip_caption: z.string().nullish(),
});

const QuestionSchema = z.looseObject({
  question: z.string(),
  answer: z.union([z.string(), z.number()]).nullish(),
  adversarial_answer: z.union([z.string(), z.number()]).nullish(),
  evidence: z.array(z.string()).default([]),
  category: z.number().int().min(1).max(5),
});

const SampleSchema = z.looseObject({
  sample_id: IdSchema,
  conversation: z.looseObject({ speaker_a: z.string(), speaker_b: z.string() }),
  qa: z.array(QuestionSchema).default([]),
});

/** One LoCoMo question, with ids cleaned of stray spaces. */
export interface LocomoQuestion {
  question: string;
  /** Gold answer as text ("" for adversarial questions without one). */
  answer: string;
  /** Message ids (`D<session>:<turn>`) holding the evidence. */
  evidence: string[];
  /** 1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop, 5 adversarial. */
  category: 1 | 2 | 3 | 4 | 5;
}

/** One LoCoMo conversation turned into Engram messages plus its questions. */
export interface LocomoSample {
  sample_id: string;
  speakers: [string, string];
  /** Turns in order; `id` is the `dia_id`, `timestamp` the session date-time, `session_id` `session_<n>`. */
  messages: (MessageInput & { id: string; timestamp: string; speaker: string; session_id: string })[];
  questions: LocomoQuestion[];
}

/**
 * Parses LoCoMo's `session_N_date_time` strings, e.g. `1:56 pm on 8 May, 2023`, as UTC.
 *
 * @throws ValidationError when the string holds no date.
 */
export function parseLocomoDateTime(value: string): Date {
  const parsed = loadChrono().parseDate(value.replace(" on ", " "), { instant: new Date(0), timezone: "UTC" });
  if (!parsed) throw new ValidationError(`unparseable LoCoMo session date-time ${JSON.stringify(value)}`);
  return parsed;
}

/** Removes the stray spaces LoCoMo has in a few ids (`D 3:7`, `D3: 7`); `evidence` entries joined by `;` are split first. */
export function cleanDiaId(id: string): string {
  return id.replace(/\s+/g, "");
}

/**
 * Parses the released `locomo10.json` layout (a JSON array of samples) into messages and
 * questions. Each session's turns get the session's date-time as their timestamp; an image's
 * `blip_caption` and first `img_url` go on the message.
 *
 * @throws ValidationError naming the sample index and field when the layout is wrong.
 */
export function parseLocomo(data: unknown): LocomoSample[] {
  const { samples, errors } = parseLocomoSamples(data);
  if (errors[0]) throw errors[0];
  return samples;
}

/** Result of {@link parseLocomoSamples}: the valid samples, and one error per rejected sample. */
export interface ParseLocomoSamplesResult {
  samples: LocomoSample[];
  errors: ValidationError[];
}

/**
 * Like {@link parseLocomo}, but a sample that is not in the layout is rejected on its own (its
 * ValidationError names the sample and field) and the other samples are still returned, so a
 * caller can import the good part of a file. Every message returned passes `MessageInputSchema`.
 *
 * @throws ValidationError only when `data` is not an array.
 */
export function parseLocomoSamples(data: unknown): ParseLocomoSamplesResult {
  const samples = z.array(z.unknown()).safeParse(data);
  if (!samples.success) throw new ValidationError("a LoCoMo file is a JSON array of samples");
  const parsed: LocomoSample[] = [];
  const errors: ValidationError[] = [];
  samples.data.forEach((raw, index) => {
    try {
      parsed.push(parseLocomoSample(raw, index));
    } catch (error) {
      if (!ValidationError.isInstance(error)) throw error;
      errors.push(error);
    }
  });
  return { samples: parsed, errors };
}

function parseLocomoSample(raw: unknown, index: number): LocomoSample {
  const parsed = SampleSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(`LoCoMo sample ${index} is not in the locomo10.json layout`, {
      issues: formatZodIssues(parsed.error.issues),
      location: `sample ${index}`,
    });
  }
  const { sample_id, conversation, qa } = parsed.data;
  const messages: LocomoSample["messages"] = [];
  const sessionNumbers = Object.keys(conversation)
    .map((key) => /^session_(\d+)$/.exec(key)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  for (const n of sessionNumbers) {
    const dateTime = conversation[`session_${n}_date_time`];
    if (typeof dateTime !== "string") {
      throw new ValidationError(`${sample_id}: session_${n}_date_time is missing`, { location: `${sample_id}.session_${n}_date_time` });
    }
    const timestamp = parseLocomoDateTime(dateTime).toISOString();
    const turns = z.array(TurnSchema).safeParse(conversation[`session_${n}`]);
    if (!turns.success) {
      throw new ValidationError(`${sample_id}: session_${n} is not a list of turns`, {
        issues: formatZodIssues(turns.error.issues),
        location: `${sample_id}.session_${n}`,
      });
    }
    for (const turn of turns.data) {
      const imageUrl = Array.isArray(turn.img_url) ? turn.img_url[0] : turn.img_url;
      messages.push({
        id: cleanDiaId(turn.dia_id),
        role: "user",
        speaker: turn.speaker,
        content: turn.text,
        timestamp,
        session_id: `session_${n}`,
        ...(turn.blip_caption ? { image_caption: turn.blip_caption } : {}),
        ...(imageUrl ? { image_url: imageUrl } : {}),
      });
    }
  }
  const questions = qa.map((q) => ({
    question: q.question,
    answer: String(q.answer ?? q.adversarial_answer ?? ""),
    evidence: q.evidence.flatMap((id) => id.split(/[;,]/)).map(cleanDiaId).filter((id) => id.length > 0),
    category: q.category as LocomoQuestion["category"],
  }));
  return { sample_id, speakers: [conversation.speaker_a, conversation.speaker_b], messages, questions };
}
