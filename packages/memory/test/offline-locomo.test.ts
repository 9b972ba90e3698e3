import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createOfflinePolicy } from "../src/ingest/offline/offline-policy";
import { parseLocomo } from "../src/io/locomo";
import { MemoryItemSchema, type Candidate } from "../src/schema/memory-item";
import { MEMORY_TYPES, type MemoryType } from "../src/schema/memory-type";
import type { StoredMessage } from "../src/schema/message";

const DEV_FILE = join(__dirname, "../../../../shared/data/locomo/locomo-dev.json");
const BATCH_SIZE = 20;

/** Completes a candidate with the fields the memory agent assigns, so the item schema can check it. */
function asItem(candidate: Candidate, index: number): unknown {
  return {
    ...candidate,
    id: `m${index}`,
    user_id: "u1",
    agent_id: "engram",
    session_id: "",
    created_at: candidate.valid_from,
    updated_at: candidate.valid_from,
    valid_to: null,
    access_count: 0,
    last_accessed_at: null,
  };
}

describe("offline policy on LoCoMo dev conversations", () => {
  const samples = parseLocomo(JSON.parse(readFileSync(DEV_FILE, "utf8")));
  const counts = Object.fromEntries(MEMORY_TYPES.map((type) => [type, 0])) as Record<MemoryType, number>;
  const evidenceCovered: boolean[] = [];
  const candidates: Candidate[] = [];
  const dishonest: string[] = [];

  beforeAll(async () => {
    const policy = createOfflinePolicy();
    for (const sample of samples) {
      const messages: StoredMessage[] = sample.messages.map((input, seq) => ({
        id: input.id,
        user_id: sample.sample_id,
        agent_id: "engram",
        session_id: input.session_id,
        role: "user",
        speaker: input.speaker,
        content: input.content,
        timestamp: input.timestamp,
        image_caption: input.image_caption ?? "",
        image_url: input.image_url ?? "",
        ingested_at: input.timestamp,
        seq,
        processed_at: null,
        error: null,
      }));
      const episodicSources = new Set<string>();
      for (let start = 0; start < messages.length; start += BATCH_SIZE) {
        const batch = messages.slice(start, start + BATCH_SIZE);
        const ids = new Set(batch.map((message) => message.id));
        const drafted = await policy.draft(batch, { previousMessages: messages.slice(Math.max(0, start - 3), start) });
        for (const type of MEMORY_TYPES) {
          counts[type] += drafted[type].length;
          for (const candidate of drafted[type]) {
            candidates.push(candidate);
            if (candidate.type !== type) dishonest.push(`${type} holds a ${candidate.type}`);
            if (candidate.sources.length === 0 || candidate.sources.some((id) => !ids.has(id))) dishonest.push(`${type}: ${candidate.sources.join(",")}`);
            if (type === "episodic") for (const id of candidate.sources) episodicSources.add(id);
          }
        }
      }
      for (const question of sample.questions.filter((q) => q.category !== 5)) {
        for (const id of question.evidence) evidenceCovered.push(episodicSources.has(id));
      }
    }
  });

  it("cites only messages of the batch", () => {
    expect(dishonest).toEqual([]);
  });

  it("drafts episodic, semantic, core, resource and procedural candidates, and no vault items from plain chat", () => {
    expect(counts.episodic).toBeGreaterThan(500);
    expect(counts.semantic).toBeGreaterThan(20);
    expect(counts.core).toBeGreaterThan(20);
    expect(counts.resource).toBeGreaterThan(100);
    // Advice in reply to "Got any tips ...?" is the only how-to in these conversations.
    expect(counts.procedural).toBeGreaterThan(0);
    // The dev conversations hold no emails, keys, phone or card numbers.
    expect(counts.knowledge_vault).toBe(0);
  });

  it("drafts items that are valid once the agent fills in ids and times", () => {
    candidates.forEach((candidate, index) => {
      const parsed = MemoryItemSchema.safeParse(asItem(candidate, index));
      if (!parsed.success) throw new Error(`${candidate.type} ${candidate.sources.join(",")}: ${parsed.error.message}`);
    });
  });

  it("gives almost every evidence turn an episodic item with an event date", () => {
    const covered = evidenceCovered.filter(Boolean).length / evidenceCovered.length;
    expect(covered).toBeGreaterThan(0.95);
    for (const candidate of candidates.filter((c) => c.type === "episodic")) expect(Number.isNaN(Date.parse(candidate.occurred_at ?? ""))).toBe(false);
  });
});
