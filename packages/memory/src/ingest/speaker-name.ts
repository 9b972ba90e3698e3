import type { StoredMessage } from "../schema/message";

/** How prompts and drafted memories name a user whose messages carry only their user id. */
export const UNNAMED_USER = "The user";

/** A display name: capitalized words ("Ada", "Ada Lovelace", "José"), not an id such as `ada` or `conv-48`. */
const NAME_LIKE = /^\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*)*$/u;

/**
 * The name a message's speaker goes by in every prompt and drafted memory: the message's `speaker`
 * (a display name such as the CLI's `--name` or LoCoMo's speakers), except when a user message's
 * speaker is only its user id (the default when no name is given: `ada`, `conv-48`), which
 * becomes {@link UNNAMED_USER}, so no memory reads "conv-48 asked ...". A user id that is written
 * as a name ("Ada") is kept. An empty speaker becomes the role.
 */
export function speakerName(message: Pick<StoredMessage, "speaker" | "role" | "user_id">): string {
  const speaker = message.speaker.trim();
  if (message.role === "user" && (speaker === "" || (speaker === message.user_id && !NAME_LIKE.test(speaker)))) return UNNAMED_USER;
  return speaker === "" ? message.role : speaker;
}
