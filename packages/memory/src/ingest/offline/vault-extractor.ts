import type { CandidateOf } from "../../schema/memory-item";
import type { AnalyzedMessage } from "./analyze-message";
import { slug } from "../../text/normalize-text";
import { possessive } from "./first-person";
import { formatDay } from "./format-date";
import type { SensitiveValue } from "../../sensitive/vault-detector";

const IMPORTANCE: Record<SensitiveValue["sensitivity"], number> = { high: 0.9, medium: 0.7, low: 0.5 };
/** Kinds where a new value replaces the old one for the same label (a changed password). */
const SINGLE_VALUED = new Set(["credential", "api_key", "id_number", "address"]);

/**
 * One knowledge-vault candidate per sensitive value in the message (see `detectSensitiveValues`).
 * The caption and text name what the value is ("Ada's email address", "password for the wifi
 * shared by Ada") and never contain it; `secret` holds it verbatim. A value is the speaker's own
 * when "my", "I" or "me" comes shortly before it.
 */
export function extractVault(analyzed: AnalyzedMessage): CandidateOf<"knowledge_vault">[] {
  const { message, speaker } = analyzed;
  const day = formatDay(analyzed.reference);
  return analyzed.secrets.map((secret) => {
    const before = message.content.slice(Math.max(0, secret.start - 60), secret.start);
    const own = /\b(?:my|mine|I|me|I'm)\b/i.test(before);
    const caption = own ? `${possessive(speaker)} ${secret.label}` : `${secret.label} shared by ${speaker}`;
    return {
      type: "knowledge_vault",
      text: `${caption} (${secret.entry_type.replace("_", " ")}, shared on ${day})`,
      sources: [message.id],
      valid_from: message.timestamp,
      importance: IMPORTANCE[secret.sensitivity],
      key: own && SINGLE_VALUED.has(secret.entry_type) ? `${analyzed.speakerKey}|${secret.entry_type}|${slug(secret.label)}` : "",
      entry_type: secret.entry_type,
      caption,
      sensitivity: secret.sensitivity,
      secret: secret.value,
    };
  });
}
