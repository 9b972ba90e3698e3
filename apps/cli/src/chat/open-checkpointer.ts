import * as fs from "node:fs";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import type { SecretCipher } from "@engram/memory";

type Serializer = SqliteSaver["serde"];

/** Marks a value this serializer sealed; anything else is read as the inner serializer wrote it. */
const SEALED_PREFIX = "engram-sealed:";

/** Checkpoint metadata (`source`, `step`, `parents`, the run's `user_id`): kept readable for filters and `forget`. */
function isCheckpointMetadata(data: unknown): boolean {
  const value = data as { source?: unknown; step?: unknown } | null;
  return typeof value === "object" && value !== null && typeof value.step === "number" && ["input", "loop", "update", "fork"].includes(String(value.source));
}

/**
 * A checkpoint serializer that seals every checkpoint and pending write with the store's cipher
 * (AES-256-GCM, the same key as the store's sealed values), so what a user typed into `engram chat`
 * never reaches `checkpoints.sqlite` in clear. Checkpoint metadata stays plain JSON: it holds no
 * message text, and LangGraph filters and `engram forget` read its `user_id`.
 */
export function sealingSerializer(inner: Serializer, cipher: SecretCipher): Serializer {
  return {
    async dumpsTyped(data: unknown): Promise<[string, Uint8Array]> {
      const [type, bytes] = await inner.dumpsTyped(data);
      if (isCheckpointMetadata(data)) return [type, bytes];
      const sealed = await cipher.seal(Buffer.from(bytes).toString("base64"));
      return [type, new Uint8Array(Buffer.from(SEALED_PREFIX + sealed, "utf8"))];
    },
    async loadsTyped(type: string, data: Uint8Array | string): Promise<unknown> {
      const text = typeof data === "string" ? data : Buffer.from(data).toString("utf8");
      if (!text.startsWith(SEALED_PREFIX)) return inner.loadsTyped(type, data);
      const opened = await cipher.open(text.slice(SEALED_PREFIX.length));
      return inner.loadsTyped(type, new Uint8Array(Buffer.from(opened, "base64")));
    },
  };
}

/**
 * Opens the chat checkpointer in `file`: created with mode 0600 (an existing file is narrowed to
 * 0600 too), every checkpoint and write sealed by {@link sealingSerializer}.
 */
export function openChatCheckpointer(file: string, cipher: SecretCipher): SqliteSaver {
  fs.closeSync(fs.openSync(file, "a", 0o600));
  fs.chmodSync(file, 0o600);
  const plain = SqliteSaver.fromConnString(file);
  return new SqliteSaver(plain.db, sealingSerializer(plain.serde, cipher));
}
