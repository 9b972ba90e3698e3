import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { AIMessageChunk, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import { messageText, type createChatGraph, type Engram } from "@engram/memory";
import { eprintln, type CliContext } from "../cli-context";
import { isSlashCommand, runSlashCommand } from "./slash-commands";

/** What one chat session runs on. */
export interface ChatSessionOptions {
  graph: ReturnType<typeof createChatGraph>;
  engram: Engram;
  user: string;
  /**
   * The conversation (`--thread`). Its short-term memory is the checkpointer thread
   * {@link chatThreadId}(user, thread), so two users' threads never mix; forgetting a user finds
   * their threads by the `user_id` in the checkpoint metadata.
   */
  threadId: string;
  /** Recall budget of `/recall`, tokens. */
  tokenBudget: number;
  /** Whether the answers come from a chat model (for the greeting). */
  modelName: string | undefined;
}

/**
 * The checkpointer thread id of `user`'s conversation `thread`: the JSON array `[user, thread]`.
 * Unlike `<user>:<thread>`, no two (user, thread) pairs share an id (`ada` + `x:t` and `ada:x` + `t`
 * differ), whatever characters the ids hold.
 */
export function chatThreadId(user: string, thread: string): string {
  return JSON.stringify([user, thread]);
}

/** Words that end the chat without being a command. */
const EXIT_WORDS = new Set(["/exit", "/quit"]);

/**
 * Reads messages from `context.stdin`, one per line, until `/exit` or the end of input, and
 * answers each through the chat graph, streaming the model's tokens as they arrive. Lines that
 * start with `/` are slash commands. From a pipe every answer is exactly one line of stdout.
 */
export async function runChatSession(context: CliContext, options: ChatSessionOptions): Promise<void> {
  const interactive = context.stdin.isTTY === true;
  const reader = createInterface({ input: context.stdin, output: interactive ? context.stdout : undefined, terminal: interactive });
  const print = (text: string) => context.stdout.write(`${text}\n`);
  reader.on("SIGINT", () => reader.close());
  if (interactive) {
    const answers = options.modelName === undefined ? "answers come from memory only (no chat model configured)" : `answers from ${options.modelName}`;
    eprintln(context, `Chatting as ${options.user} in thread ${options.threadId} (resume it with --thread ${options.threadId}); ${answers}. /help lists the commands, /exit quits.`);
    reader.setPrompt("you> ");
    reader.prompt();
  }
  for await (const rawLine of reader) {
    const line = rawLine.trim();
    if (EXIT_WORDS.has(line.toLowerCase())) break;
    if (line !== "" && isSlashCommand(line)) {
      try {
        const outcome = await runSlashCommand(line, { engram: options.engram, user: options.user, tokenBudget: options.tokenBudget, print });
        if (outcome === "exit") break;
      } catch (error) {
        eprintln(context, `error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
    } else if (line !== "") {
      try {
        await answer(context, options, line, interactive);
      } catch (error) {
        // On a terminal a failed turn (a model that is down) is reported and the chat goes on;
        // from a pipe it ends the run, so a script sees the exit code.
        if (!interactive) throw error;
        eprintln(context, `\nerror: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
    }
    if (interactive) reader.prompt();
  }
  reader.close();
}

/** Runs one turn through the graph and writes the answer as it streams. */
async function answer(context: CliContext, options: ChatSessionOptions, line: string, interactive: boolean): Promise<void> {
  const oneLine = (text: string) => (interactive ? text : text.replace(/\s*\n\s*/g, " "));
  const stream = await options.graph.stream(
    { messages: [new HumanMessage({ content: line, id: randomUUID() })] },
    {
      configurable: { thread_id: chatThreadId(options.user, options.threadId), user_id: options.user },
      metadata: { user_id: options.user },
      streamMode: ["messages", "updates"],
    },
  );
  let written = "";
  const write = (text: string) => {
    if (written === "" && interactive) context.stdout.write("engram> ");
    const shown = oneLine(text);
    context.stdout.write(written === "" ? shown.trimStart() : shown);
    written += shown;
  };
  for await (const [mode, chunk] of stream) {
    if (mode === "messages") {
      const [message, metadata] = chunk as [BaseMessage, { langgraph_node?: string }];
      if (metadata.langgraph_node === "answer" && AIMessageChunk.isInstance(message)) write(messageText(message));
    } else if (mode === "updates") {
      const update = chunk as Record<string, { messages?: BaseMessage[] } | undefined>;
      const reply = update.answer?.messages?.at(-1);
      // Without a model (or a model that does not stream) the answer arrives whole.
      if (reply !== undefined && written === "") write(messageText(reply));
    }
  }
  context.stdout.write("\n");
}
