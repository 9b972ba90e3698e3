import { randomUUID } from "node:crypto";
import path from "node:path";
import type { ShortTermStrategy } from "@engram/memory";
import type { Command } from "commander";
import type { CliContext } from "../cli-context";
import { loadMemory, loadOpenEngram } from "../lazy";
import { DB_OPTION_HELP, DEFAULT_TOKEN_BUDGET, parseTokenBudget, parseWholeNumber, resolveDb } from "../options";

/** Options of `engram chat`. */
export interface ChatCommandOptions {
  db?: string;
  user: string;
  name?: string;
  thread?: string;
  budget?: string;
  shortTerm?: string;
  window?: string;
  consolidateEvery?: string;
}

/** Registers `engram chat --user <id> [--db <dir>] [--thread <id>] [--name <name>] [--budget <tokens>] [--short-term <strategy>] [--window <tokens>] [--consolidate-every <messages>]`. */
export function registerChatCommand(program: Command, context: CliContext): void {
  program
    .command("chat")
    .description("chat with the memory agent: recall → answer → ingest, a LangGraph graph with a checkpointed thread (/help lists commands)")
    .requiredOption("--user <id>", "who is chatting: whose memory to read and write")
    .option("--db <dir>", DB_OPTION_HELP)
    .option("--thread <id>", "conversation to resume (short-term memory, kept in <db>/checkpoints.sqlite) [default: a new thread]")
    .option("--name <name>", "your name, as remembered in your messages [default: the user id]")
    .option("--budget <tokens>", `most tokens recalled per turn [default: ${DEFAULT_TOKEN_BUDGET}]`)
    // The strategies of SHORT_TERM_STRATEGIES, spelled out: the help must not load @engram/memory (lazy.ts).
    .option("--short-term <strategy>", `how old turns leave the window: trim, summarize, delete [default: $ENGRAM_SHORT_TERM, else trim]`)
    .option("--window <tokens>", "tokens of recent turns kept in short-term memory [default: $ENGRAM_SHORT_TERM_TOKENS, else 2000]")
    .option("--consolidate-every <messages>", "run a consolidation pass in the background after every N messages stored (0: never) [default: $ENGRAM_CONSOLIDATE_EVERY, else 0]")
    .action(async (options: ChatCommandOptions) => {
      const { withEngram } = loadOpenEngram();
      const { createChatGraph } = loadMemory();
      const { openChatCheckpointer } = require("../chat/open-checkpointer") as typeof import("../chat/open-checkpointer");
      const { runChatSession } = require("../chat/chat-session") as typeof import("../chat/chat-session");
      const { createChatModel } = require("../chat/create-chat-model") as typeof import("../chat/create-chat-model");
      const { CHECKPOINTS_FILE } = require("../forget/forget-checkpoints") as typeof import("../forget/forget-checkpoints");
      const tokenBudget = parseTokenBudget(options.budget);
      const config = context.config();
      const shortTerm = {
        strategy: options.shortTerm === undefined ? config.shortTerm.strategy : parseStrategy(options.shortTerm),
        maxTokens: options.window === undefined ? config.shortTerm.maxTokens : parseWholeNumber(options.window, "--window", { min: 50, max: 1_000_000, unit: "tokens" }),
      };
      const consolidateEvery = options.consolidateEvery === undefined ? config.consolidateEvery : parseConsolidateEvery(options.consolidateEvery);
      const db = resolveDb(context, options.db);
      const chatModel = createChatModel(config);
      await withEngram(context, db, async (engram) => {
        const checkpointer = openChatCheckpointer(path.join(db, CHECKPOINTS_FILE), engram.secretCipher);
        try {
          const interactive = context.stdin.isTTY === true;
          const graph = createChatGraph({
            memory: engram,
            checkpointer,
            userId: options.user,
            tokenBudget,
            shortTerm,
            offlineReply: { multiline: interactive },
            ...(chatModel === undefined ? {} : { chatModel }),
            ...(options.name === undefined ? {} : { speaker: options.name }),
          });
          const threadId = options.thread ?? `chat-${randomUUID()}`;
          await runChatSession(context, { graph, engram, user: options.user, threadId, tokenBudget, modelName: config.chatModel });
        } finally {
          checkpointer.db.close();
        }
      }, { consolidateEvery });
    });
}

/** `--consolidate-every`: a whole number of messages, 0 (never) to 1000000. */
export function parseConsolidateEvery(value: string): number {
  return parseWholeNumber(value, "--consolidate-every", { min: 0, max: 1_000_000, unit: "messages" });
}

function parseStrategy(value: string): ShortTermStrategy {
  const { SHORT_TERM_STRATEGIES, ValidationError } = loadMemory();
  const strategy = SHORT_TERM_STRATEGIES.find((name) => name === value);
  if (strategy === undefined) throw new ValidationError(`--short-term must be one of ${SHORT_TERM_STRATEGIES.join(", ")}, got ${JSON.stringify(value)}`, { location: "--short-term" });
  return strategy;
}
