import type { KnowledgeVaultItem } from "../schema/memory-item";
import { isValidIban, isLuhnValid } from "./checksums";

/** Kinds of sensitive value the detector finds; stored as the vault item's `entry_type`. */
export type SensitiveEntryType =
  | "email"
  | "phone"
  | "api_key"
  | "credential"
  | "card_number"
  | "bank_account"
  | "id_number"
  | "address";

/** One sensitive value found in a text. Offsets are UTF-16 code-unit indexes, `end` exclusive. */
export interface SensitiveValue {
  entry_type: SensitiveEntryType;
  sensitivity: KnowledgeVaultItem["sensitivity"];
  /** The verbatim value, e.g. `sk-proj-abc...` (without the cue words around it). */
  value: string;
  start: number;
  end: number;
  /** A safe, secret-free description of what the value is, e.g. `OpenAI API key`, `password for the wifi`. */
  label: string;
}

interface Rule {
  entry_type: SensitiveEntryType;
  sensitivity: SensitiveValue["sensitivity"];
  /** Global regex; the value is capture group `group` (0 = whole match). */
  pattern: RegExp;
  group: number;
  label: (match: RegExpExecArray) => string;
  accept?: (value: string, match: RegExpExecArray) => boolean;
}

const digitCount = (value: string): number => value.replace(/\D/g, "").length;

/** Well-known token prefixes (documented by each vendor; GitHub: "Behind GitHub's new authentication token formats", 2021). */
const TOKEN_RULES: Rule[] = [
  { entry_type: "api_key", sensitivity: "high", pattern: /(?<![A-Za-z0-9_-])sk-(?:proj-|ant-|live-|test-)?[A-Za-z0-9_-]{16,256}/g, group: 0, label: () => "API key (sk-)" },
  { entry_type: "api_key", sensitivity: "high", pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,255}\b|\bgithub_pat_[A-Za-z0-9_]{20,255}/g, group: 0, label: () => "GitHub token" },
  { entry_type: "api_key", sensitivity: "high", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, group: 0, label: () => "AWS access key id" },
  { entry_type: "api_key", sensitivity: "high", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,255}/g, group: 0, label: () => "Slack token" },
  { entry_type: "api_key", sensitivity: "high", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, group: 0, label: () => "Google API key" },
  { entry_type: "api_key", sensitivity: "high", pattern: /\bglpat-[A-Za-z0-9_-]{20,255}/g, group: 0, label: () => "GitLab token" },
  { entry_type: "api_key", sensitivity: "high", pattern: /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,255}/g, group: 0, label: () => "Stripe key" },
  { entry_type: "api_key", sensitivity: "high", pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,1024}\.eyJ[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,1024}/g, group: 0, label: () => "JSON web token" },
  { entry_type: "api_key", sensitivity: "high", pattern: /\bBearer\s+([A-Za-z0-9._~+/-]{16,4096}={0,2})/g, group: 1, label: () => "bearer token" },
];

const CUE_VALUE = String.raw`["'\u201c\u2018]?([^\s"'\u201d\u2019]*[^\s"'\u201d\u2019.,;:!?)\]])["'\u201d\u2019]?`;

/** Values introduced by a cue word: "my password is X", "API key: X", "passport number is X". */
const CUE_RULES: Rule[] = [
  {
    entry_type: "credential",
    sensitivity: "high",
    pattern: new RegExp(
      String.raw`\b(pass(?:word|code|phrase)|pwd|pin(?: code)?)\b((?:\s+(?:for|to|of|on)\s+(?:the\s+|my\s+|our\s+)?[\w .'-]{1,30}?)?)\s*(?:is|was|=|:)\s*` + CUE_VALUE,
      "gi",
    ),
    group: 3,
    label: (m) => `${(m[1] ?? "password").toLowerCase()}${(m[2] ?? "").replace(/\s+/g, " ").replace(/\b(my|our)\b/gi, "the").trimEnd()}`,
    accept: (value) => value.length >= 4 && !/^(the|a|an|my|your|same|different|secret|easy|hard|strong|weak)$/i.test(value),
  },
  {
    entry_type: "api_key",
    sensitivity: "high",
    pattern: new RegExp(
      String.raw`\b((?:api|access|secret|private|auth|license|licence)[ _-]?(?:key|token)|token|secret|key)\b((?:\s+(?:for|to|of)\s+[\w .'-]{1,30}?)?)\s*(?:is|was|=|:)\s*` + CUE_VALUE,
      "gi",
    ),
    group: 3,
    label: (m) => `${(m[1] ?? "key").toLowerCase().replace(/[_-]/g, " ")}${(m[2] ?? "").replace(/\s+/g, " ").trimEnd()}`,
    // A key looks random: long, and mixes digits with letters (rules out "the key is patience").
    accept: (value) => value.length >= 12 && /\d/.test(value) && /[A-Za-z]/.test(value),
  },
  {
    entry_type: "id_number",
    sensitivity: "high",
    pattern: /\b(passport|driver'?s? licen[cs]e|licen[cs]e|ssn|social security|national id|id|tax id|membership|account)\s*(?:number|no\.?|#)?\s*(?:is|was|=|:)\s*([A-Z0-9][A-Z0-9-]{4,}[A-Z0-9])\b/gi,
    group: 2,
    label: (m) => `${(m[1] ?? "id").toLowerCase()} number`,
    accept: (value) => /\d/.test(value),
  },
  {
    entry_type: "address",
    sensitivity: "medium",
    pattern: /\b(?:my|our|the) (?:home |new |postal |mailing |street )?address is\s+([^.!?\n]*\d[^.!?\n]*?)(?=[.!?\n]|$)/gi,
    group: 1,
    label: () => "address",
    accept: (value) => value.length >= 6,
  },
];

/** Shape-only patterns: values recognizable without a cue word. */
const SHAPE_RULES: Rule[] = [
  {
    entry_type: "email",
    sensitivity: "low",
    pattern: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g,
    group: 0,
    label: () => "email address",
  },
  {
    entry_type: "card_number",
    sensitivity: "high",
    pattern: /\b\d(?:[ -]?\d){12,18}\b/g,
    group: 0,
    label: () => "payment card number",
    accept: (value) => isLuhnValid(value.replace(/\D/g, "")),
  },
  {
    entry_type: "bank_account",
    sensitivity: "high",
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g,
    group: 0,
    label: () => "IBAN",
    accept: (value) => isValidIban(value),
  },
  {
    entry_type: "id_number",
    sensitivity: "high",
    pattern: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g,
    group: 0,
    label: () => "social security number",
  },
  {
    entry_type: "phone",
    sensitivity: "medium",
    // +351 912 345 678, (555) 123-4567, 555-123-4567, 555.123.4567
    pattern: /(?:\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,4}|\(\d{2,4}\)[\s.-]?\d{3,4}[\s.-]?\d{3,4}|\b\d{3}[.-]\d{3}[.-]\d{4})\b/g,
    group: 0,
    label: () => "phone number",
    accept: (value) => digitCount(value) >= 9 && digitCount(value) <= 15,
  },
  {
    entry_type: "address",
    sensitivity: "medium",
    pattern:
      /\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][\p{L}'.-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Boulevard|Blvd|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Square|Sq)\b\.?(?:,?\s+(?:Apt|Apartment|Suite|Unit|Flat)\.?\s*#?\w+)?(?:,\s*[A-Z][\p{L}'-]+(?:\s[A-Z][\p{L}'-]+)?)?/gu,
    group: 0,
    label: () => "street address",
  },
];

// Every repetition in these patterns is bounded (an email's local part to 64 characters, a JWT's
// segments, token bodies), so a crafted run of look-alike characters costs linear time, not
// quadratic: each start position scans a bounded stretch. The email, `sk-` and JWT patterns also
// start only where a run of their characters starts (a lookbehind), so a run is scanned once.

/** Rules in priority order: when two matches overlap, the earlier rule wins. */
const RULES: Rule[] = [...TOKEN_RULES, ...CUE_RULES, ...SHAPE_RULES];

/**
 * Finds verbatim sensitive values in `text`: API keys and tokens (well-known prefixes such as
 * `sk-`, `ghp_`, `AKIA`, JWTs, and long random values after "key"/"token"/"secret"), passwords
 * and PINs after a cue ("my password is X"), Luhn-valid card numbers (13 to 19 digits), IBANs
 * (ISO 13616 mod-97 check), US SSN-shaped and cue-introduced id numbers (high sensitivity); phone
 * numbers and street addresses (medium); email addresses (low).
 *
 * Matches never overlap: the higher-priority kind wins (tokens, then cue values, then shapes).
 *
 * @returns the values sorted by `start`; `[]` when none.
 * @example detectSensitiveValues("mail me at ada@example.com") // [{ entry_type: "email", value: "ada@example.com", ... }]
 */
export function detectSensitiveValues(text: string): SensitiveValue[] {
  const found: SensitiveValue[] = [];
  const overlaps = (start: number, end: number): boolean => found.some((f) => start < f.end && end > f.start);
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    for (let match = rule.pattern.exec(text); match !== null; match = rule.pattern.exec(text)) {
      const value = match[rule.group];
      if (!value) continue;
      const offset = rule.group === 0 ? 0 : match[0].lastIndexOf(value);
      const start = match.index + offset;
      const end = start + value.length;
      if (rule.accept && !rule.accept(value, match)) continue;
      if (overlaps(start, end)) continue;
      found.push({ entry_type: rule.entry_type, sensitivity: rule.sensitivity, value, start, end, label: rule.label(match) });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Placeholder written in place of a sensitive value, e.g. `[email]`, `[api_key]`. */
export function placeholderFor(entryType: SensitiveEntryType): string {
  return `[${entryType}]`;
}

/** Result of {@link maskSensitiveValues}. */
export interface MaskSensitiveValuesResult {
  /** `text` with every value replaced by its {@link placeholderFor} placeholder. */
  masked: string;
  values: SensitiveValue[];
}

/**
 * Replaces every value {@link detectSensitiveValues} finds with a placeholder such as
 * `[api_key]`; `minSensitivity` keeps lower-sensitivity values (e.g. `"medium"` keeps emails).
 *
 * @param minSensitivity lowest sensitivity that is masked. @default "low" (mask everything found)
 */
export function maskSensitiveValues(text: string, minSensitivity: SensitiveValue["sensitivity"] = "low"): MaskSensitiveValuesResult {
  const rank = { low: 0, medium: 1, high: 2 } as const;
  const values = detectSensitiveValues(text).filter((value) => rank[value.sensitivity] >= rank[minSensitivity]);
  let masked = "";
  let cursor = 0;
  for (const value of values) {
    masked += text.slice(cursor, value.start) + placeholderFor(value.entry_type);
    cursor = value.end;
  }
  masked += text.slice(cursor);
  return { masked, values };
}
