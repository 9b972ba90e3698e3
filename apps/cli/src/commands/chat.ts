import { createInterface } from "node:readline";
import type { ChatModel, Engram } from "@engram/memory";
import type { Command } from "commander";
import { formatOfflineReply } from "../chat/offline-reply";
import { replyWithModel } from "../chat/model-reply";
import { eprintln, println, type CliContext } from "../cli-context";
import { createChatModel, withEngram } from "../open-engram";
import { DB_OPTION_HELP, DEFAULT_TOKEN_BUDGET, parseTokenBudget, resolveDb } from "../options";

/** Options of `engram chat`. */
export interface ChatCommandOptions {
  db?: string;
  user: string;
  budget?: string;
}

/** Words that end the chat. */
const EXIT_COMMANDS = new Set(["/exit", "/quit"]);
/** Earlier turns passed to recall as `recentTurns` (short-term memory). */
const RECENT_TURNS = 4;
/** With a chat model, the REPL's messages wait for a batch this big (one LLM call) or this old. */
const CHAT_BATCHING = { size: 10, maxAgeMs: 10 * 60_000 };

/**
 * Runs the chat loop over `context.stdin` until `/exit` or end of input. For each line: recall
 * (the line plus the last few turns), reply, then ingest the line as the user's turn. On a
 * terminal the reply lists one recalled item per line; from a pipe it is exactly one line.
 * With a chat model, the model answers from the packed context instead, and the messages are
 * ingested in batches (held until 10 arrive or the oldest is 10 minutes old; the rest on exit).
 */
export async function runChat(context: CliContext, engram: Engram, user: string, tokenBudget: number, model?: ChatModel): Promise<void> {
  const interactive = context.stdin.isTTY === true;
  const session_id = `chat-${new Date().toISOString()}`;
  const reader = createInterface({ input: context.stdin, output: interactive ? context.stdout : undefined, terminal: interactive });
  const recentTurns: string[] = [];
  if (interactive) {
    eprintln(context, `Chatting as ${user}. Replies come from memory; every line you type is remembered. /exit to quit.`);
    reader.setPrompt("you> ");
    reader.prompt();
  }
  for await (const rawLine of reader) {
    const line = rawLine.trim();
    if (EXIT_COMMANDS.has(line)) break;
    if (line !== "") {
      const recalled = await engram.recall(line, { user_id: user }, { tokenBudget, recentTurns: recentTurns.slice(-RECENT_TURNS) });
      let reply = formatOfflineReply(recalled, { multiline: interactive });
      if (model) {
        try {
          reply = await replyWithModel(model, recalled, line, recentTurns.slice(-RECENT_TURNS));
          if (!interactive) reply = reply.replace(/\s*\n\s*/g, " ");
        } catch (error) {
          eprintln(context, `warning: the chat model failed (${(error as Error).message}); answering from memory`);
        }
      }
      println(context, interactive ? `engram> ${reply}` : reply);
      await engram.add([{ role: "user", content: line, speaker: user, timestamp: new Date().toISOString(), session_id }], { user_id: user, session_id });
      recentTurns.push(line);
    }
    if (interactive) reader.prompt();
  }
  reader.close();
  if (model) await engram.add([], { user_id: user, session_id }, { flush: true });
}

/** Registers `engram chat --user <id> [--db <dir>] [--budget <tokens>]`. */
export function registerChatCommand(program: Command, context: CliContext): void {
  program
    .command("chat")
    .description("chat with a memory agent: it replies with what it recalls, then remembers your message (/exit quits)")
    .requiredOption("--user <id>", "who is chatting: whose memory to read and write")
    .option("--db <dir>", DB_OPTION_HELP)
    .option("--budget <tokens>", `most tokens recalled per turn [default: ${DEFAULT_TOKEN_BUDGET}]`)
    .action(async (options: ChatCommandOptions) => {
      const tokenBudget = parseTokenBudget(options.budget);
      const model = createChatModel(context.config());
      await withEngram(context, resolveDb(context, options.db), (engram) => runChat(context, engram, options.user, tokenBudget, model), {
        batching: model ? CHAT_BATCHING : undefined,
      });
    });
}
