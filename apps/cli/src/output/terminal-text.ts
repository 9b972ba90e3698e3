/**
 * C0 controls except tab and newline, DEL, and C1 controls (U+0080 to U+009F, e.g. U+009B, the
 * one-character CSI): printed raw they are terminal escape sequences that can recolour, move the
 * cursor, retitle the window or hide text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal control characters is the point of this pattern
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from memory (message content, speakers, captions) made safe to print on a terminal: every
 * control character but tab and newline is replaced by U+FFFD, so stored text can never emit an
 * escape sequence.
 */
export function toTerminalText(text: string): string {
  return text.replace(CONTROL_CHARACTERS, "\uFFFD");
}

/** `JSON.stringify` for a terminal: like it, but C1 controls and DEL are escaped too (`\u009b`), which JSON leaves raw. */
export function toTerminalJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
