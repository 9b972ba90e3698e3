/** Formats rows per table as two aligned columns, with a total of the six memory tables. */
export function formatStatsTable(stats: Record<string, number>, memoryTypes: readonly string[]): string {
  const names = Object.keys(stats);
  const width = Math.max(5, ...names.map((name) => name.length));
  const lines = [`${"table".padEnd(width)}  rows`];
  for (const name of names) lines.push(`${name.padEnd(width)}  ${String(stats[name] ?? 0).padStart(4)}`);
  const memories = memoryTypes.reduce((sum, type) => sum + (stats[type] ?? 0), 0);
  lines.push(`${"(memories)".padEnd(width)}  ${String(memories).padStart(4)}`);
  return lines.join("\n");
}
