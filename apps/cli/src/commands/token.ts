import { mkdir } from "node:fs/promises";
import type { Command } from "commander";
import { loadMemory } from "../lazy";
import { println, type CliContext } from "../cli-context";
import { DB_OPTION_HELP, resolveDb } from "../options";

/** Options of `engram token create`. */
export interface TokenCreateOptions {
  db?: string;
  user: string;
  name?: string;
  scopes: string;
  json?: boolean;
}

function tokenStore(context: CliContext, db: string | undefined) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { TokenStore } = require("@engram/server") as typeof import("@engram/server");
  return new TokenStore(resolveDb(context, db));
}

/**
 * Registers `engram token create|list|revoke`: bearer tokens of `engram serve`. Only their
 * SHA-256 hashes are kept, in `<db>/tokens.json`; `create` prints the token once.
 */
export function registerTokenCommand(program: Command, context: CliContext): void {
  const token = program.command("token").description("create, list and revoke the bearer tokens of engram serve");
  token
    .command("create")
    .description("create a token for a user and print it once (only its hash is stored)")
    .requiredOption("--user <id>", "whose memory the token reads and writes")
    .option("--name <name>", "a label shown by token list")
    .option("--scopes <list>", "comma-separated: read, write, admin (admin may name any user)", "read,write")
    .option("--db <dir>", DB_OPTION_HELP)
    .option("--json", 'print {"token", "id"}')
    .action(async (options: TokenCreateOptions) => {
      const store = tokenStore(context, options.db);
      await mkdir(resolveDb(context, options.db), { recursive: true });
      const scopes = options.scopes.split(",").map((scope) => scope.trim()).filter((scope) => scope !== "");
      const { token: value, record } = await store.create({ userId: options.user, name: options.name, scopes: scopes as never });
      if (options.json) {
        println(context, JSON.stringify({ token: value, id: record.id }));
        return;
      }
      println(context, value);
      println(context, `(token ${record.id} for user ${record.user_id}, scopes ${record.scopes.join(",")}; shown only now: store it safely)`);
    });
  token
    .command("list")
    .description("list tokens (ids, users, names, scopes; never the tokens)")
    .option("--db <dir>", DB_OPTION_HELP)
    .option("--json", "print a JSON array")
    .action(async (options: { db?: string; json?: boolean }) => {
      const records = (await tokenStore(context, options.db).list()).map(({ sha256: _hash, ...record }) => record);
      if (options.json) {
        println(context, JSON.stringify(records));
        return;
      }
      if (records.length === 0) println(context, "(no tokens)");
      for (const record of records) println(context, `${record.id}  ${record.user_id}  ${record.scopes.join(",")}  ${record.created_at}  ${record.name}`);
    });
  token
    .command("revoke")
    .description("revoke a token by id (a running server stops accepting it at once)")
    .argument("<id>", "the token id from token list")
    .option("--db <dir>", DB_OPTION_HELP)
    .action(async (id: string, options: { db?: string }) => {
      if (!(await tokenStore(context, options.db).revoke(id))) throw new (loadMemory().ValidationError)(`no token with id ${JSON.stringify(id)} (see engram token list)`, { location: "<id>" });
      println(context, `Revoked token ${id}.`);
    });
}
