import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { println, type CliContext } from "../cli-context";
import { loadMemory } from "../lazy";

/** The graphs `engram graph` draws, as named in langgraph.json. */
export const GRAPH_NAMES = ["ingest", "recall", "consolidate", "chat"] as const;
export type GraphName = (typeof GRAPH_NAMES)[number];

/** Formats of `engram graph`: Mermaid text, or an image through a local Mermaid renderer. */
export const GRAPH_FORMATS = ["mermaid", "png", "svg"] as const;

/** Options of `engram graph`. */
export interface GraphCommandOptions {
  format?: string;
  out?: string;
}

/**
 * The Mermaid drawing of each named graph, from LangGraph's own `drawMermaid`. The graphs are
 * built on an empty temporary store: the drawing depends only on their nodes and edges.
 */
export async function drawGraphs(names: readonly GraphName[]): Promise<Map<GraphName, string>> {
  const { createChatGraph, Engram } = loadMemory();
  const dir = await mkdtemp(path.join(os.tmpdir(), "engram-graph-"));
  const engram = await Engram.open({ path: dir });
  try {
    const graphs = { ingest: engram.graphs.ingest, recall: engram.graphs.recall, consolidate: engram.graphs.consolidate, chat: createChatGraph({ memory: engram }) };
    const drawings = new Map<GraphName, string>();
    for (const name of names) drawings.set(name, (await graphs[name].getGraphAsync()).drawMermaid());
    return drawings;
  } finally {
    await engram.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Registers `engram graph [ingest|recall|consolidate|chat] [--format mermaid|png|svg] [--out <file>]`. */
export function registerGraphCommand(program: Command, context: CliContext): void {
  program
    .command("graph")
    .description("draw Engram's LangGraph graphs (the ones LangGraph Studio shows), offline")
    .argument("[name]", `${GRAPH_NAMES.join(", ")} [default: all]`)
    .option("--format <format>", `${GRAPH_FORMATS.join(", ")}; png and svg need the Mermaid CLI (mmdc) on PATH [default: mermaid]`)
    .option("--out <file>", "write to this file [default: stdout for mermaid, engram-<name>.<format> for images]")
    .action(async (name: string | undefined, options: GraphCommandOptions) => {
      const names = name === undefined ? GRAPH_NAMES : [parseGraphName(name)];
      const format = parseFormat(options.format ?? "mermaid");
      if (format !== "mermaid" && options.out !== undefined && names.length > 1) {
        throw new (loadMemory().ValidationError)("--out names one image file: name the graph to draw", { location: "--out" });
      }
      const drawings = await drawGraphs(names);
      if (format === "mermaid") {
        // One graph: the drawing as is, ready for a .mmd file; all three: each under a comment naming it.
        const text =
          drawings.size === 1
            ? [...drawings.values()][0]!.trimEnd()
            : [...drawings].map(([graph, mermaid]) => `%% Engram ${graph} graph\n${mermaid.trimEnd()}`).join("\n\n");
        if (options.out === undefined) println(context, text);
        else await writeFile(path.resolve(options.out), `${text}\n`, "utf8");
        return;
      }
      for (const [graph, mermaid] of drawings) {
        const outFile = path.resolve(options.out ?? `engram-${graph}.${format}`);
        const { renderMermaid } = require("../graph/render-mermaid") as typeof import("../graph/render-mermaid");
        await renderMermaid(mermaid, outFile, context.config().searchPath);
        println(context, `wrote ${outFile}`);
      }
    });
}

function parseGraphName(value: string): GraphName {
  const name = GRAPH_NAMES.find((candidate) => candidate === value);
  if (name === undefined) throw new (loadMemory().ValidationError)(`unknown graph "${value}"; one of ${GRAPH_NAMES.join(", ")}`, { location: "<name>" });
  return name;
}

function parseFormat(value: string): (typeof GRAPH_FORMATS)[number] {
  const format = GRAPH_FORMATS.find((candidate) => candidate === value);
  if (format === undefined) throw new (loadMemory().ValidationError)(`unknown graph format "${value}"; one of ${GRAPH_FORMATS.join(", ")}`, { location: "--format" });
  return format;
}
