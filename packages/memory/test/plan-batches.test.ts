import { planBatches } from "../src/internal";
import type { StoredMessage } from "../src/index";

const NOW = Date.parse("2024-01-01T01:00:00.000Z");

function queue(count: number, ingestedAt = "2024-01-01T00:59:00.000Z"): StoredMessage[] {
  return Array.from({ length: count }, (_, seq) => ({
    id: `m${seq}`,
    user_id: "ada",
    agent_id: "default",
    session_id: "",
    role: "user" as const,
    speaker: "ada",
    content: `message ${seq}`,
    timestamp: ingestedAt,
    image_caption: "",
    image_url: "",
    ingested_at: ingestedAt,
    seq,
    processed_at: null,
    error: null,
  }));
}

describe("planBatches", () => {
  it("runs everything when nothing may be held (maxAgeMs 0)", () => {
    expect(planBatches({ queue: queue(7), batchSize: 5, maxAgeMs: 0, nowMs: NOW })).toMatchObject({ held: 0, run: queue(7) });
  });

  it("holds back a young remainder smaller than a batch", () => {
    const plan = planBatches({ queue: queue(7), batchSize: 5, maxAgeMs: 3_600_000, nowMs: NOW });
    expect(plan.held).toBe(2);
    expect(plan.run.map((message) => message.id)).toEqual(["m0", "m1", "m2", "m3", "m4"]);
  });

  it("holds nothing when the queue fills whole batches", () => {
    expect(planBatches({ queue: queue(10), batchSize: 5, maxAgeMs: 3_600_000, nowMs: NOW }).held).toBe(0);
  });

  it("runs the remainder on flush", () => {
    expect(planBatches({ queue: queue(3), batchSize: 5, maxAgeMs: 3_600_000, nowMs: NOW, flush: true })).toMatchObject({ held: 0 });
  });

  it("runs a remainder whose oldest message has waited maxAgeMs", () => {
    const old = queue(3, "2024-01-01T00:00:00.000Z");
    expect(planBatches({ queue: old, batchSize: 5, maxAgeMs: 3_600_000, nowMs: NOW }).held).toBe(0);
    expect(planBatches({ queue: old, batchSize: 5, maxAgeMs: 3_600_001, nowMs: NOW }).held).toBe(3);
  });

  it("holds an empty queue as nothing", () => {
    expect(planBatches({ queue: [], batchSize: 5, maxAgeMs: 1000, nowMs: NOW })).toEqual({ run: [], held: 0 });
  });
});
