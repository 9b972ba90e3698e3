import type { Candidate, MemoryItem } from "../schema/memory-item";
import type { ReconcileAction } from "./add-types";

/** A candidate whose nearest stored items are close but not an exact duplicate: a real collision. */
export interface Collision {
  /** Position of the candidate in the agent's (deduplicated) list; decisions refer to it. */
  index: number;
  candidate: Candidate;
  /** Valid stored items of the same type within the collision distance, nearest first. */
  neighbours: MemoryItem[];
}

/**
 * What to do with a colliding candidate:
 * - `ADD`: store it as a new item;
 * - `UPDATE`: rewrite `targetId` in place (same id) with the candidate (or `text`);
 * - `INVALIDATE`: end `targetId` (`valid_to` = the candidate's `valid_from`) and add the candidate;
 * - `MERGE`: fold the candidate into `targetId` (its sources joined; `text` replaces the text when given);
 * - `NOOP`: the candidate adds nothing.
 */
export interface CollisionDecision {
  index: number;
  action: ReconcileAction;
  /** Id of the neighbour the action touches; `null` for ADD and NOOP. */
  targetId: string | null;
  /** New text for UPDATE or MERGE; `null` keeps the candidate's (UPDATE) or the target's (MERGE). */
  text: string | null;
}

/**
 * Decides collisions for one memory agent in a single batched call (the LLM policy's
 * reconciliation). Collisions without a decision are added. May throw `ModelError`.
 */
export type CollisionResolver = (collisions: Collision[]) => Promise<CollisionDecision[]>;
