/** The fields of a parsed LoCoMo message the baselines read (`LocomoSample["messages"][number]` fits). */
export interface ConversationTurn {
  /** LoCoMo `dia_id`, e.g. `D3:7`. */
  id: string;
  speaker: string;
  content: string;
  /** BLIP caption of an image shared with the turn. */
  image_caption?: string;
  /** ISO date-time of the session. */
  timestamp: string;
  /** `session_<n>`. */
  session_id: string;
}

/**
 * A raw turn as the baselines see it: `Speaker: text`, plus ` [image: caption]` when the turn
 * shared an image. No date and no id (ids travel beside the text as sources).
 *
 * @example formatTurn({ speaker: "Mel", content: "Look!", image_caption: "a dog", ... }) // "Mel: Look! [image: a dog]"
 */
export function formatTurn(turn: ConversationTurn): string {
  const caption = turn.image_caption?.trim();
  return `${turn.speaker}: ${turn.content}${caption ? ` [image: ${caption}]` : ""}`;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** An ISO date-time as LoCoMo writes dates, in UTC: `8 May 2023, 13:56 UTC`; the input unchanged when it does not parse. */
export function formatSessionDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = `${String(date.getUTCHours()).padStart(2, "0")}:${String(date.getUTCMinutes()).padStart(2, "0")}`;
  return `${formatSessionDay(iso)}, ${time} UTC`;
}

/** An ISO date-time's UTC day as LoCoMo writes dates: `8 May 2023`; the input unchanged when it does not parse. */
export function formatSessionDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/**
 * The whole conversation as a full-context baseline would send it: one header line per session
 * (`[session_3: 9 June 2023, 17:00 UTC]`) followed by its turns formatted with {@link formatTurn}.
 */
export function formatConversation(turns: readonly ConversationTurn[]): string {
  const lines: string[] = [];
  let session: string | undefined;
  for (const turn of turns) {
    if (turn.session_id !== session) {
      session = turn.session_id;
      lines.push(`[${turn.session_id}: ${formatSessionDate(turn.timestamp)}]`);
    }
    lines.push(formatTurn(turn));
  }
  return lines.join("\n");
}
