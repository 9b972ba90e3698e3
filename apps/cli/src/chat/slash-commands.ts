import { writeFile } from "node:fs/promises";
import path from "node:path";
import { MEMORY_TYPES, MemoryTypeSchema, NotFoundError, type Engram, type MemoryItem } from "@engram/memory";
import { formatRecallFooter } from "../output/recall-output";
import { formatStatsTable } from "../output/stats-table";

/** What a slash command works on: the open store, whose memory, and the chat's recall budget. */
export interface SlashCommandContext {
  engram: Engram;
  user: string;
  tokenBudget: number;
  /** Writes one line of output. */
  print(text: string): void;
}

/** Outcome of one slash command: keep chatting, or end the chat. */
export type SlashCommandOutcome = "continue" | "exit";

interface SlashCommand {
  usage: string;
  help: string;
  // biome-ignore lint/suspicious/noConfusingVoidType: most commands are async functions that return nothing (Promise<void>)
  run(argument: string, context: SlashCommandContext): Promise<SlashCommandOutcome | void>;
}

/** Most memory items `/memories` lists. */
const MEMORIES_SHOWN = 50;

const COMMANDS: Record<string, SlashCommand> = {
  "/recall": {
    usage: "/recall <query>",
    help: "show the context recalled for a query, with dates and source message ids",
    async run(query, context) {
      if (query === "") return context.print("usage: /recall <query>");
      const result = await context.engram.recall(query, { user_id: context.user }, { tokenBudget: context.tokenBudget });
      context.print(result.context.trim() === "" ? "(nothing recalled)" : result.context.trimEnd());
      context.print(formatRecallFooter(result, context.tokenBudget));
    },
  },
  "/memories": {
    usage: "/memories [type]",
    help: `list your memory items, newest first (type: ${MEMORY_TYPES.join(", ")})`,
    async run(argument, context) {
      const type = argument === "" ? undefined : MemoryTypeSchema.safeParse(argument);
      if (type !== undefined && !type.success) return context.print(`unknown memory type "${argument}"; one of: ${MEMORY_TYPES.join(", ")}`);
      const items = await context.engram.list({ user_id: context.user }, { ...(type ? { type: type.data } : {}), limit: MEMORIES_SHOWN + 1 });
      if (items.length === 0) return context.print("(no memories)");
      for (const item of items.slice(0, MEMORIES_SHOWN)) context.print(formatMemoryItemLine(item));
      if (items.length > MEMORIES_SHOWN) context.print(`... more than ${MEMORIES_SHOWN}; name a type to narrow the list`);
    },
  },
  "/forget": {
    usage: "/forget <id>",
    help: "delete a memory item (its history keeps a record of the deletion)",
    async run(id, context) {
      if (id === "") return context.print("usage: /forget <id>");
      await context.engram.delete(id, { user_id: context.user });
      context.print(`Forgot ${id}.`);
    },
  },
  "/history": {
    usage: "/history <id>",
    help: "show every change to a memory item, oldest first",
    async run(id, context) {
      if (id === "") return context.print("usage: /history <id>");
      const rows = await context.engram.history(id, { user_id: context.user });
      if (rows.length === 0) return context.print(`(no history for ${id})`);
      for (const row of rows) {
        const after = parseText(row.after) ?? parseText(row.before) ?? "";
        context.print(`${row.created_at}  ${row.event.padEnd(10)}  ${row.cause}  ${after}`);
      }
    },
  },
  "/stats": {
    usage: "/stats",
    help: "rows per table for you",
    async run(_argument, context) {
      context.print(formatStatsTable(await context.engram.stats({ user_id: context.user }), MEMORY_TYPES));
    },
  },
  "/export": {
    usage: "/export <file>",
    help: "write your memory items (also invalidated ones) and messages to a JSON file",
    async run(file, context) {
      if (file === "") return context.print("usage: /export <file>");
      const scope = { user_id: context.user };
      const [memories, messages] = await Promise.all([context.engram.list(scope, { includeInvalid: true }), context.engram.messages(scope)]);
      const target = path.resolve(file);
      await writeFile(target, `${JSON.stringify({ user_id: context.user, exported_at: new Date().toISOString(), memories, messages }, null, 2)}\n`, "utf8");
      context.print(`Exported ${memories.length} memory items and ${messages.length} messages to ${target}.`);
    },
  },
  "/help": {
    usage: "/help",
    help: "list these commands",
    async run(_argument, context) {
      context.print(slashCommandHelp());
    },
  },
  "/exit": { usage: "/exit", help: "end the chat (also /quit, or end of input)", run: async () => "exit" },
};

/** The help text listing every slash command. */
export function slashCommandHelp(): string {
  const commands = Object.values(COMMANDS);
  const width = Math.max(...commands.map((command) => command.usage.length));
  return ["Anything else you type is a message to the agent. Commands:", ...commands.map((command) => `  ${command.usage.padEnd(width)}  ${command.help}`)].join("\n");
}

/** True when `line` is a slash command (`/name ...`), not a message. */
export function isSlashCommand(line: string): boolean {
  return /^\/[a-z]+(\s|$)/i.test(line);
}

/**
 * Runs one slash command line. A memory item that does not exist is reported as output, not thrown.
 *
 * @throws what the library throws for other failures (the chat reports them and goes on).
 */
export async function runSlashCommand(line: string, context: SlashCommandContext): Promise<SlashCommandOutcome> {
  const [name = "", ...rest] = line.trim().split(/\s+/);
  const argument = rest.join(" ");
  const command = COMMANDS[name.toLowerCase() === "/quit" ? "/exit" : name.toLowerCase()];
  if (command === undefined) {
    context.print(`unknown command ${name}; /help lists the commands`);
    return "continue";
  }
  try {
    return (await command.run(argument, context)) ?? "continue";
  } catch (error) {
    if (!NotFoundError.isInstance(error)) throw error;
    context.print(`no memory item ${argument}`);
    return "continue";
  }
}

/** `<id>  <type>  <date>  <text>`, with a high-sensitivity vault value withheld. */
function formatMemoryItemLine(item: MemoryItem): string {
  const text = item.type === "knowledge_vault" ? `${item.caption}: ${item.sensitivity === "high" ? "[withheld]" : item.secret}` : item.text;
  const date = (item.type === "episodic" ? (item.occurred_at ?? item.valid_from) : item.valid_from).slice(0, 10);
  const ended = item.valid_to ? ` (until ${item.valid_to.slice(0, 10)})` : "";
  return `${item.id}  ${item.type}  ${date}  ${text.replace(/\s+/g, " ").trim()}${ended}`;
}

function parseText(json: string | null): string | undefined {
  if (json === null) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null && "text" in value && typeof value.text === "string" ? value.text : undefined;
  } catch {
    return undefined;
  }
}
