import { MultiDirectedGraph } from "graphology";
import { bfsFromNode } from "graphology-traversal";
import { ValidationError } from "../errors/engram-error";
import type { Entity, Relation } from "../schema/graph-row";
import type { MemoryStore } from "../store/memory-store";
import { normalizeEntityName } from "./entity-resolver";

/** A user's graph memory as read for inspection (no vectors). */
export interface GraphMemory {
  /** Entities with the number of relations (valid or not) that touch each. */
  entities: (Entity & { relation_count: number })[];
  relations: Relation[];
}

/** Every entity and relation of `userId`, entities by name, relations oldest first. */
export async function readGraphMemory(store: MemoryStore, userId: string): Promise<GraphMemory> {
  const [entities, relations] = await Promise.all([store.listGraphRows("entities", userId), store.listGraphRows("relations", userId)]);
  const counts = new Map<string, number>();
  for (const relation of relations) {
    counts.set(relation.subject_id, (counts.get(relation.subject_id) ?? 0) + 1);
    counts.set(relation.object_id, (counts.get(relation.object_id) ?? 0) + 1);
  }
  return {
    entities: entities.map(({ vector: _vector, ...entity }) => ({ ...entity, relation_count: counts.get(entity.id) ?? 0 })).sort((a, b) => a.name.localeCompare(b.name)),
    relations: relations.map(({ vector: _vector, ...relation }) => relation).sort((a, b) => a.valid_from.localeCompare(b.valid_from) || a.id.localeCompare(b.id)),
  };
}

/** The entity named `name` (name or alias, possessives folded), or undefined. */
export function findEntity(graph: GraphMemory, name: string): Entity | undefined {
  const key = normalizeEntityName(name);
  return graph.entities.find((entity) => normalizeEntityName(entity.name) === key) ?? graph.entities.find((entity) => entity.aliases.includes(key));
}

/**
 * The part of a graph memory within `hops` edges (either direction) of the entity named `entity`,
 * found by breadth-first search with graphology-traversal; the whole graph without `entity`.
 *
 * @throws ValidationError when `entity` names no entity or `hops` is not a positive integer.
 */
export function graphMemoryNeighbourhood(graph: GraphMemory, options: { entity?: string; hops?: number } = {}): GraphMemory {
  if (options.entity === undefined) return graph;
  const hops = options.hops ?? 2;
  if (!Number.isInteger(hops) || hops < 1) throw new ValidationError(`hops must be a positive integer, got ${hops}`, { location: "hops" });
  const start = findEntity(graph, options.entity);
  if (!start) throw new ValidationError(`no entity named ${JSON.stringify(options.entity)}`, { location: "entity" });
  const traversal = new MultiDirectedGraph();
  for (const entity of graph.entities) traversal.addNode(entity.id);
  for (const relation of graph.relations) {
    if (traversal.hasNode(relation.subject_id) && traversal.hasNode(relation.object_id)) traversal.addEdgeWithKey(relation.id, relation.subject_id, relation.object_id);
  }
  const reached = new Set<string>();
  bfsFromNode(
    traversal,
    start.id,
    (node, _attributes, depth) => {
      if (depth > hops) return true;
      reached.add(node);
      return depth === hops;
    },
    { mode: "directed" },
  );
  return {
    entities: graph.entities.filter((entity) => reached.has(entity.id)),
    relations: graph.relations.filter((relation) => reached.has(relation.subject_id) && reached.has(relation.object_id)),
  };
}

/** Mermaid flowchart of a graph memory: one node per entity, one labelled edge per relation (closed ones dashed). */
export function graphMemoryToMermaid(graph: GraphMemory): string {
  const ids = new Map(graph.entities.map((entity, index) => [entity.id, `e${index}`]));
  const label = (text: string) => text.replace(/["\n]/g, "'");
  const lines = ["graph LR;"];
  for (const entity of graph.entities) lines.push(`\t${ids.get(entity.id)}["${label(entity.name)} (${entity.entity_type})"]`);
  for (const relation of graph.relations) {
    const arrow = relation.valid_to === null ? "-->" : "-.->";
    lines.push(`\t${ids.get(relation.subject_id)} ${arrow}|${label(relation.predicate)}| ${ids.get(relation.object_id)}`);
  }
  return lines.join("\n");
}

/** Graphviz DOT of a graph memory (closed relations dashed). */
export function graphMemoryToDot(graph: GraphMemory): string {
  const quote = (text: string) => JSON.stringify(text);
  const lines = ["digraph engram {", "  rankdir=LR;"];
  for (const entity of graph.entities) lines.push(`  ${quote(entity.id)} [label=${quote(`${entity.name} (${entity.entity_type})`)}];`);
  for (const relation of graph.relations) {
    lines.push(`  ${quote(relation.subject_id)} -> ${quote(relation.object_id)} [label=${quote(relation.predicate)}${relation.valid_to === null ? "" : ", style=dashed"}];`);
  }
  lines.push("}");
  return lines.join("\n");
}
