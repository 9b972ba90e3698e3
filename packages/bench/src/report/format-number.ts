/** `0.612` style, or an en dash for `null`. */
export function formatRate(value: number | null | undefined, digits = 3): string {
  return typeof value === "number" ? value.toFixed(digits) : "–";
}

/** `+0.062` / `−0.010` style (true minus sign), or an en dash for `null`. */
export function formatDelta(value: number | null | undefined, digits = 3): string {
  if (typeof value !== "number") return "–";
  const rounded = Number(value.toFixed(digits));
  if (rounded === 0) return `±${(0).toFixed(digits)}`;
  const magnitude = Math.abs(rounded).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${rounded > 0 ? "+" : "−"}${magnitude}`;
}

/** `0.802 vs 0.674 (+0.128)`: one rate against another and their difference. */
export function formatVersus(first: number | null | undefined, second: number | null | undefined): string {
  const delta = typeof first === "number" && typeof second === "number" ? first - second : null;
  return `${formatRate(first)} vs ${formatRate(second)} (${formatDelta(delta)})`;
}

/** A count or measurement with thousands separators and at most `digits` decimals; en dash for `null`. */
export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (typeof value !== "number") return "–";
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** Bytes as `4.2 MB` (decimal units), en dash for `null`. */
export function formatBytes(value: number | null | undefined): string {
  if (typeof value !== "number") return "–";
  const units = ["B", "kB", "MB", "GB", "TB"];
  let scaled = value;
  let unit = 0;
  while (scaled >= 1000 && unit < units.length - 1) {
    scaled /= 1000;
    unit += 1;
  }
  return `${scaled.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** A markdown table from a header row and body rows (cells are escaped for `|`). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const escapeCell = (cell: string) => cell.replace(/\|/g, "\\|");
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
