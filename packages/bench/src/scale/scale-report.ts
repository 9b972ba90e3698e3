import type { ScaleLevel } from "./run-scale";

/** `scale.md`: one table row per level. */
export function renderScaleMarkdown(levels: readonly ScaleLevel[], meta: { command: string; date: string }): string {
  const cell = (value: number | null) => (value === null ? "n/a" : String(value));
  const lines = [
    "# Engram scale bench",
    "",
    `Command: \`${meta.command}\`, ${meta.date}. Offline policy, hash embedder. Recall: warm, 1,500 tokens, the renamed LoCoMo copies' questions.`,
    "",
    "| rows | users | recall p50 ms | recall p95 ms | ingest msg/s | bytes / 1,000 rows | peak RSS MB | open ms | ANN index | BTREE indexes | evidence recall (default / LanceDB exact / LanceDB ANN for all / LanceDB routed) |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
    ...levels.map(
      (level) =>
        `| ${level.rows} | ${level.users} | ${cell(level.recall_p50_ms)} | ${cell(level.recall_p95_ms)} | ${level.ingest_messages_per_second} | ${level.bytes_per_1000} | ${level.peak_rss_mb} | ${level.open_ms} | ${level.ann_index.join(", ") || "none"} | ${level.scalar_index.join(", ") || "none"} | ${cell(level.evidence_recall.default)} / ${cell(level.evidence_recall.lancedb_exact)} / ${cell(level.evidence_recall.lancedb_ann)} / ${cell(level.evidence_recall.lancedb_routed)} |`,
    ),
    "",
  ];
  return lines.join("\n");
}

/** `scale.svg`: recall p50 and p95 (y, ms) against rows (x), both axes log scale. Hand-written SVG 1.1. */
export function renderScaleChart(levels: readonly ScaleLevel[]): string {
  const width = 640;
  const height = 400;
  const plot = { left: 70, right: 600, top: 40, bottom: 340 };
  const points = levels.filter((level) => level.recall_p50_ms !== null && level.recall_p95_ms !== null);
  const rows = points.map((level) => level.rows);
  const values = points.flatMap((level) => [level.recall_p50_ms!, level.recall_p95_ms!]).filter((value) => value > 0);
  const log = Math.log10;
  const xMin = log(Math.min(...rows, 1000)) - 0.2;
  const xMax = log(Math.max(...rows, 10_000)) + 0.2;
  const yMin = Math.floor(log(Math.max(0.1, Math.min(...values, 1))));
  const yMax = Math.ceil(log(Math.max(...values, 10)));
  const x = (value: number) => plot.left + ((log(value) - xMin) / (xMax - xMin)) * (plot.right - plot.left);
  const y = (value: number) => plot.bottom - ((log(Math.max(value, 10 ** yMin)) - yMin) / (yMax - yMin)) * (plot.bottom - plot.top);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    "<title>Engram recall latency against memory rows (log-log)</title>",
    `<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">Recall latency (ms, log) against memory rows (log)</text>`,
    `<line x1="${plot.left}" y1="${plot.bottom}" x2="${plot.right}" y2="${plot.bottom}" stroke="black"/>`,
    `<line x1="${plot.left}" y1="${plot.top}" x2="${plot.left}" y2="${plot.bottom}" stroke="black"/>`,
  ];
  for (let power = Math.ceil(xMin); power <= Math.floor(xMax); power++) {
    parts.push(`<text x="${x(10 ** power).toFixed(1)}" y="${plot.bottom + 18}" text-anchor="middle">1e${power}</text>`);
  }
  for (let power = yMin; power <= yMax; power++) {
    parts.push(`<line x1="${plot.left}" y1="${y(10 ** power).toFixed(1)}" x2="${plot.right}" y2="${y(10 ** power).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${plot.left - 8}" y="${(y(10 ** power) + 4).toFixed(1)}" text-anchor="end">${10 ** power} ms</text>`);
  }
  const series = [
    { label: "p50", colour: "#0072B2", value: (level: ScaleLevel) => level.recall_p50_ms! },
    { label: "p95", colour: "#D55E00", value: (level: ScaleLevel) => level.recall_p95_ms! },
  ];
  series.forEach((entry, index) => {
    const coordinates = points.map((level) => `${x(level.rows).toFixed(1)},${y(entry.value(level)).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${entry.colour}" stroke-width="2" points="${coordinates.join(" ")}"/>`);
    for (const coordinate of coordinates) {
      const [cx, cy] = coordinate.split(",");
      parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${entry.colour}"/>`);
    }
    parts.push(`<text x="${plot.right - 60}" y="${plot.top + 16 * (index + 1)}" fill="${entry.colour}">recall ${entry.label}</text>`);
  });
  parts.push(`<text x="${(plot.left + plot.right) / 2}" y="${height - 12}" text-anchor="middle">memory rows in the store</text>`, "</svg>");
  return `${parts.join("\n")}\n`;
}
