import type { StoredMessage } from "../src/schema/message";

/** A pending stored message for tests: user `u1`, speaker Ada, session `s1`, sent and ingested 8 May 2023 13:56 UTC; `fields` override them. */
export function storedMessage(fields: Partial<StoredMessage> & Pick<StoredMessage, "id" | "content">): StoredMessage {
  const at = "2023-05-08T13:56:00.000Z";
  return {
    user_id: "u1",
    agent_id: "engram",
    session_id: "s1",
    role: "user",
    speaker: "Ada",
    timestamp: at,
    image_caption: "",
    image_url: "",
    ingested_at: at,
    seq: 0,
    processed_at: null,
    error: null,
    ...fields,
  };
}
