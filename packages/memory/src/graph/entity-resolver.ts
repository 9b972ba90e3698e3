import type { Entity, StoredGraphRow } from "../schema/graph-row";
import type { EntityMention } from "./triplet-draft";

/**
 * The key a name is matched on: lower case, accents folded, curly quotes straightened, a trailing
 * possessive dropped (`Melanie's` → `melanie`), a leading article dropped, spaces collapsed.
 */
export function normalizeEntityName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[’‘]/g, "'")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' -]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/'s?$/, "")
    .replace(/^(?:the|a|an)\s+/, "");
}

/** Shortest name stem that may stand for a longer first name (`Mel` → `Melanie`). */
const MIN_SHORT_FORM = 3;

/** An entity the resolver holds, and whether this batch changed it. */
interface Held {
  row: StoredGraphRow<"entities"> | (Entity & { vector?: number[] });
  dirty: boolean;
  isNew: boolean;
}

/**
 * Resolves entity mentions of ONE user to that user's nodes (docs/architecture.md, "Graph memory"):
 * built from the user's stored entities only, so no mention ever reaches another user's node.
 *
 * A mention joins an entity when its normalized name is the entity's name or an alias
 * (`Melanie's` → `Melanie`), or, for people, when one is the only person whose first name starts
 * with the other (`Mel` ↔ `Melanie`; the longer becomes the name, the shorter an alias). Otherwise
 * a new entity is made. Each match merges the mention's sources and alias into the entity.
 */
export class EntityResolver {
  private readonly held: Held[];
  private readonly byAlias = new Map<string, Held>();

  constructor(
    existing: StoredGraphRow<"entities">[],
    private readonly options: { userId: string; now: string; newId: () => string },
  ) {
    this.held = existing.filter((row) => row.valid_to === null).map((row) => ({ row, dirty: false, isNew: false }));
    for (const entry of this.held) this.index(entry);
  }

  /** The entity `mention` names (found or made), with `source` merged into its sources. */
  resolve(mention: EntityMention, source: string, at: string): Entity {
    const key = normalizeEntityName(mention.name);
    const found = this.byAlias.get(key) ?? (mention.type === "person" ? this.byShortForm(key) : undefined);
    if (found) {
      const row = found.row;
      const aliases = row.aliases.includes(key) ? row.aliases : [...row.aliases, key];
      const sources = row.sources.includes(source) ? row.sources : [...row.sources, source];
      // A longer form of a person's first name becomes the display name (`Mel` then `Melanie`).
      const name = mention.type === "person" && key.length > normalizeEntityName(row.name).length && key.startsWith(normalizeEntityName(row.name)) ? mention.name : row.name;
      if (aliases !== row.aliases || sources !== row.sources || name !== row.name) {
        found.row = { ...row, name, aliases, sources, updated_at: this.options.now };
        found.dirty = true;
        this.index(found);
      }
      return found.row;
    }
    const entity: Entity = {
      id: this.options.newId(),
      user_id: this.options.userId,
      name: mention.name.replace(/[’‘]/g, "'").trim(),
      aliases: [key],
      entity_type: mention.type,
      summary: "",
      sources: [source],
      created_at: this.options.now,
      updated_at: this.options.now,
      valid_from: at,
      valid_to: null,
    };
    const entry: Held = { row: entity, dirty: true, isNew: true };
    this.held.push(entry);
    this.index(entry);
    return entity;
  }

  /** Entities made or changed since the resolver was built: `fresh` need a vector, `changed` keep theirs. */
  changes(): { fresh: Entity[]; changed: StoredGraphRow<"entities">[] } {
    const fresh = this.held.filter((entry) => entry.isNew).map((entry) => entry.row as Entity);
    const changed = this.held.filter((entry) => entry.dirty && !entry.isNew).map((entry) => entry.row as StoredGraphRow<"entities">);
    return { fresh, changed };
  }

  private index(entry: Held): void {
    for (const alias of [normalizeEntityName(entry.row.name), ...entry.row.aliases]) if (!this.byAlias.has(alias)) this.byAlias.set(alias, entry);
  }

  /** The one person whose first name starts with `key` or is a start of `key` (single words of 3+ letters). */
  private byShortForm(key: string): Held | undefined {
    if (key.length < MIN_SHORT_FORM || key.includes(" ")) return undefined;
    const matches = this.held.filter((entry) => {
      if (entry.row.entity_type !== "person") return false;
      const first = normalizeEntityName(entry.row.name);
      if (first.includes(" ") || first.includes("'")) return false;
      return first.length >= MIN_SHORT_FORM && (first.startsWith(key) || key.startsWith(first));
    });
    return matches.length === 1 ? matches[0] : undefined;
  }
}
