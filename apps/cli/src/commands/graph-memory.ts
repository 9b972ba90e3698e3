import type { Command } from "commander";
import { println, type CliContext } from "../cli-context";
import { loadMemory, loadOpenEngram } from "../lazy";
import { DB_OPTION_HELP, resolveDb } from "../options";
import { toTerminalJson, toTerminalText } from "../output/terminal-text";
import type { GraphMemory } from "@engram/memory";

/** Formats of `engram graph-memory`. */
export const GRAPH_MEMORY_FORMATS = ["mermaid", "dot", "json"] as const;

interface GraphMemoryOptions {
  db?: string;
  user: string;
  entity?: string;
  hops?: string;
  format?: string;
  json?: boolean;
}

/** The user's graph memory, cut to `--entity` and `--hops` when given. */
async function readGraph(context: CliContext, options: GraphMemoryOptions): Promise<GraphMemory> {
  const { withEngram } = loadOpenEngram();
  const graph = await withEngram(context, resolveDb(context, options.db), (engram) => engram.graphMemory({ user_id: options.user }));
  const hops = options.hops === undefined ? undefined : Number(options.hops);
  return loadMemory().graphMemoryNeighbourhood(graph, { ...(options.entity !== undefined ? { entity: options.entity } : {}), ...(hops !== undefined ? { hops } : {}) });
}

const validity = (relation: GraphMemory["relations"][number]) => `${relation.valid_from.slice(0, 10)}..${relation.valid_to === null ? "" : relation.valid_to.slice(0, 10)}`;

/**
 * Registers the graph memory inspectors (docs/architecture.md, "Graph memory"):
 * `engram entities --user <id> [--json]`, `engram relations --user <id> [--entity <name>] [--json]`
 * and `engram graph-memory --user <id> [--entity <name>] [--hops 2] [--format mermaid|dot|json]`.
 */
export function registerGraphMemoryCommands(program: Command, context: CliContext): void {
  program
    .command("entities")
    .description("the user's graph memory entities, with how many relations touch each")
    .requiredOption("--user <id>", "whose graph memory")
    .option("--db <dir>", DB_OPTION_HELP)
    .option("--json", 'print one JSON object {"entities":[{"id","name","entity_type","aliases","relation_count",...}]}')
    .action(async (options: GraphMemoryOptions) => {
      const { entities } = await readGraph(context, { ...options, entity: undefined });
      if (options.json) return println(context, toTerminalJson({ entities }));
      if (entities.length === 0) return println(context, "(no entities)");
      for (const entity of [...entities].sort((a, b) => b.relation_count - a.relation_count || a.name.localeCompare(b.name))) {
        println(context, toTerminalText(`${entity.name} (${entity.entity_type}) ${entity.relation_count} relation(s)${entity.valid_to === null ? "" : " [closed]"}`));
      }
    });
  program
    .command("relations")
    .description("the user's graph memory relations (subject predicate object, validity, sources)")
    .requiredOption("--user <id>", "whose graph memory")
    .option("--entity <name>", "only relations of this entity (name or alias)")
    .option("--db <dir>", DB_OPTION_HELP)
    .option("--json", 'print one JSON object {"relations":[{"id","subject","predicate","object","text","valid_from","valid_to","sources"}]}')
    .action(async (options: GraphMemoryOptions) => {
      const graph = await readGraph(context, { ...options, hops: "1" });
      const names = new Map(graph.entities.map((entity) => [entity.id, entity.name]));
      const start = options.entity === undefined ? undefined : loadMemory().findEntity(graph, options.entity)?.id;
      const relations = graph.relations
        .filter((relation) => start === undefined || relation.subject_id === start || relation.object_id === start)
        .map((relation) => ({ ...relation, subject: names.get(relation.subject_id) ?? relation.subject_id, object: names.get(relation.object_id) ?? relation.object_id }));
      if (options.json) return println(context, toTerminalJson({ relations }));
      if (relations.length === 0) return println(context, "(no relations)");
      for (const relation of relations) {
        println(context, toTerminalText(`${relation.subject} -${relation.predicate}-> ${relation.object}  ${validity(relation)}  [${relation.sources.join(", ")}]`));
      }
    });
  program
    .command("graph-memory")
    .description("draw the user's knowledge graph (entities and relations) as Mermaid, Graphviz DOT or JSON")
    .requiredOption("--user <id>", "whose graph memory")
    .option("--entity <name>", "only what lies within --hops of this entity")
    .option("--hops <n>", "with --entity: how many relations away [default: 2]")
    .option("--format <format>", `${GRAPH_MEMORY_FORMATS.join(", ")} [default: mermaid]`)
    .option("--db <dir>", DB_OPTION_HELP)
    .action(async (options: GraphMemoryOptions) => {
      const format = options.format ?? "mermaid";
      if (!(GRAPH_MEMORY_FORMATS as readonly string[]).includes(format)) {
        throw new (loadMemory().ValidationError)(`unknown format ${JSON.stringify(format)} (${GRAPH_MEMORY_FORMATS.join(", ")})`, { location: "--format" });
      }
      const graph = await readGraph(context, options);
      const { graphMemoryToDot, graphMemoryToMermaid } = loadMemory();
      println(context, format === "json" ? toTerminalJson(graph) : toTerminalText(format === "dot" ? graphMemoryToDot(graph) : graphMemoryToMermaid(graph)));
    });
}
