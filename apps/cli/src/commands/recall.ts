import { toTerminalJson, toTerminalText } from "../output/terminal-text";
import type { Command } from "commander";
import { println, type CliContext } from "../cli-context";
import { loadMemory, loadOpenEngram } from "../lazy";
import { DB_OPTION_HELP, DEFAULT_TOKEN_BUDGET, parseTokenBudget, resolveDb } from "../options";
import { formatRecallFooter, toRecallJson } from "../output/recall-output";
import { formatRecallExplain } from "../output/recall-explain-output";

/** Options of `engram recall`. */
export interface RecallCommandOptions {
  db?: string;
  user: string;
  budget?: string;
  json?: boolean;
  revealSecrets?: boolean;
  explain?: boolean;
  includeArchived?: boolean;
}

/** Registers `engram recall "<query>" --user <id> [--db <dir>] [--budget <tokens>] [--json]`. */
export function registerRecallCommand(program: Command, context: CliContext): void {
  program
    .command("recall")
    .description("recall what is relevant to a query, packed into a token budget")
    .argument("<query>", "what to recall, e.g. a question the agent is about to answer")
    .requiredOption("--user <id>", "whose memory to search")
    .option("--db <dir>", DB_OPTION_HELP)
    .option("--budget <tokens>", `most tokens (cl100k_base) in the context [default: ${DEFAULT_TOKEN_BUDGET}]`)
    .option("--json", 'print one JSON object {"context","tokens","items":[{"id","type","text","sources","score"}],"relations":[{"id","text","sources","score"}]}')
    .option("--reveal-secrets", "show high-sensitivity knowledge-vault values (decrypted) instead of [withheld]")
    .option("--explain", "also show how the context was reached: every fused candidate's rank per search method and its packing decision")
    .option("--include-archived", "also recall items a consolidation pass archived")
    .action(async (query: string, options: RecallCommandOptions) => {
      const { withEngram } = loadOpenEngram();
      const tokenBudget = parseTokenBudget(options.budget);
      if (query.trim() === "") throw new (loadMemory().ValidationError)("the query is empty", { location: "<query>" });
      const result = await withEngram(context, resolveDb(context, options.db), (engram) =>
        engram.recall(query, { user_id: options.user }, { tokenBudget, revealSecrets: options.revealSecrets === true, explain: options.explain === true, includeArchived: options.includeArchived === true }),
      );
      if (options.json) {
        println(context, toTerminalJson({ ...toRecallJson(result), ...(result.explain ? { explain: result.explain } : {}) }));
        return;
      }
      println(context, result.context.trim() === "" ? "(nothing recalled)" : toTerminalText(result.context.trimEnd()));
      println(context);
      println(context, formatRecallFooter(result, tokenBudget));
      if (result.explain) println(context, toTerminalText(formatRecallExplain(result)));
    });
}
