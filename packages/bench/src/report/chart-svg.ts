import { categoryName, SCORED_CATEGORIES } from "../categories";
import type { MetricCell } from "./metric-cell";
import type { BenchReport } from "./report-json";

/** Colours per series (Okabe–Ito palette, readable for colour-blind readers). */
const SERIES_COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#000000"];

const WIDTH = 760;
const HEIGHT = 440;
const PLOT = { left: 60, right: 560, top: 40, bottom: 380 };

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function polyline(cell: MetricCell, budgets: readonly number[], x: (budget: number) => number, y: (value: number) => number): string {
  return budgets
    .map((budget) => ({ budget, value: cell[`recall@${budget}`] }))
    .filter((point): point is { budget: number; value: number } => typeof point.value === "number")
    .map((point) => `${x(point.budget).toFixed(1)},${y(point.value).toFixed(1)}`)
    .join(" ");
}

/**
 * `recall-vs-tokens.svg`: evidence recall (y, 0 to 1) against token budget (x, linear from 0),
 * one line per LoCoMo category plus overall; Engram solid, BM25 over raw turns dashed, same
 * colour per category. Hand-written SVG 1.1, no dependencies.
 */
export function renderRecallChart(report: BenchReport): string {
  const budgets = report.meta.budgets;
  const maxBudget = Math.max(...budgets, 1);
  const x = (budget: number) => PLOT.left + (budget / maxBudget) * (PLOT.right - PLOT.left);
  const y = (value: number) => PLOT.bottom - value * (PLOT.bottom - PLOT.top);
  const series = [
    ...SCORED_CATEGORIES.map((category) => ({ label: `${category} ${categoryName(category)}`, key: categoryName(category), overall: false })),
    { label: "overall", key: "overall", overall: true },
  ];
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<title>Evidence recall against token budget: Engram (solid) and BM25 over raw turns (dashed)</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="22" font-size="14" font-weight="bold">Evidence recall vs context tokens (LoCoMo, ${escapeXml(report.meta.data.samples.join(", "))})</text>`,
  ];
  for (let tick = 0; tick <= 10; tick += 2) {
    const value = tick / 10;
    parts.push(`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${y(value)}" y2="${y(value)}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${PLOT.left - 8}" y="${y(value) + 4}" text-anchor="end">${value.toFixed(1)}</text>`);
  }
  for (const budget of budgets) {
    parts.push(`<line x1="${x(budget)}" x2="${x(budget)}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${x(budget)}" y="${PLOT.bottom + 18}" text-anchor="middle">${budget}</text>`);
  }
  parts.push(`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}" stroke="#000"/>`);
  parts.push(`<line x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="#000"/>`);
  parts.push(`<text x="${(PLOT.left + PLOT.right) / 2}" y="${HEIGHT - 20}" text-anchor="middle">token budget (${escapeXml(report.meta.tokenizer)})</text>`);
  parts.push(`<text transform="translate(16 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">evidence recall</text>`);
  series.forEach((entry, index) => {
    const colour = SERIES_COLOURS[index % SERIES_COLOURS.length] ?? "#000";
    const width = entry.overall ? 3 : 1.8;
    const engram = entry.overall ? report.engram.overall : report.engram.by_category[entry.key];
    const bm25 = entry.overall ? report.bm25.overall : report.bm25.by_category[entry.key];
    if (engram) parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="${width}" points="${polyline(engram, budgets, x, y)}"/>`);
    if (bm25) parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="${width}" stroke-dasharray="6 4" points="${polyline(bm25, budgets, x, y)}"/>`);
    const legendY = PLOT.top + 10 + index * 22;
    parts.push(`<line x1="${PLOT.right + 20}" x2="${PLOT.right + 44}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="${width}"/>`);
    parts.push(`<text x="${PLOT.right + 52}" y="${legendY + 4}">${escapeXml(entry.label)}</text>`);
  });
  const keyY = PLOT.top + 10 + series.length * 22 + 16;
  parts.push(`<line x1="${PLOT.right + 20}" x2="${PLOT.right + 44}" y1="${keyY}" y2="${keyY}" stroke="#555" stroke-width="1.8"/>`);
  parts.push(`<text x="${PLOT.right + 52}" y="${keyY + 4}">Engram</text>`);
  parts.push(`<line x1="${PLOT.right + 20}" x2="${PLOT.right + 44}" y1="${keyY + 22}" y2="${keyY + 22}" stroke="#555" stroke-width="1.8" stroke-dasharray="6 4"/>`);
  parts.push(`<text x="${PLOT.right + 52}" y="${keyY + 26}">BM25 over turns</text>`);
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
