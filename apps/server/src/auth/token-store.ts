import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { chmod, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { IdSchema, ValidationError } from "@engram/memory";
import { z } from "zod";

/** What a token may do: `read` (recall, list, get, history, stats, export), `write` (add, update, delete, forget), `admin` (name any user). */
export const TOKEN_SCOPES = ["read", "write", "admin"] as const;
export const TokenScopeSchema = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof TokenScopeSchema>;

/** File in the store folder that holds the token hashes (never the tokens). */
export const TOKENS_FILE = "tokens.json";

/** Prefix of every bearer token, so a leaked one is easy to recognize and grep for. */
export const TOKEN_PREFIX = "engram_";

/** One stored token: its SHA-256 hash and what it is for. */
export const TokenRecordSchema = z.object({
  id: z.string(),
  user_id: IdSchema,
  name: z.string(),
  scopes: z.array(TokenScopeSchema).min(1),
  /** Hex SHA-256 of the whole bearer token (a 256-bit random value: no salt or slow hash needed). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  created_at: z.string(),
});
export type TokenRecord = z.infer<typeof TokenRecordSchema>;

const TokensFileSchema = z.object({ version: z.literal(1), tokens: z.array(TokenRecordSchema) });

/** Options of {@link TokenStore.create}. */
export interface CreateTokenOptions {
  userId: string;
  /** A label for `engram token list`. @default "" */
  name?: string;
  /** @default ["read", "write"] */
  scopes?: TokenScope[];
}

/** The result of {@link TokenStore.create}: the token (shown once) and its record. */
export interface CreateTokenResult {
  token: string;
  record: TokenRecord;
}

/** Who a verified token belongs to. */
export interface TokenPrincipal {
  tokenId: string;
  userId: string;
  scopes: readonly TokenScope[];
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Bearer tokens of `engram serve`, kept as SHA-256 hashes in `<store>/tokens.json` (mode 0600).
 * A token is `engram_` + 43 base64url characters (256 random bits), printed once by
 * {@link create}. {@link verify} compares the hash with every stored hash in constant time.
 * The file is re-read when it changes, so `engram token revoke` takes effect on a running server.
 */
export class TokenStore {
  /**
   * The file as last read, by a version key: inode, size and mtime in nanoseconds. Writes replace
   * the file by a rename (a new inode), so two writes within one mtime tick still differ.
   */
  private cache: { version: string; tokens: TokenRecord[] } | undefined;

  constructor(private readonly storePath: string) {}

  /** Path of the tokens file. */
  get filePath(): string {
    return path.join(this.storePath, TOKENS_FILE);
  }

  /**
   * Creates a token for a user.
   *
   * @throws ValidationError for an invalid user id or scope.
   */
  async create(options: CreateTokenOptions): Promise<CreateTokenResult> {
    const userId = IdSchema.safeParse(options.userId);
    if (!userId.success) throw new ValidationError(`invalid user id: ${userId.error.issues[0]?.message}`, { location: "--user" });
    const scopes = z.array(TokenScopeSchema).min(1).safeParse(options.scopes ?? ["read", "write"]);
    if (!scopes.success) throw new ValidationError(`scopes must be some of ${TOKEN_SCOPES.join(", ")}`, { location: "--scopes" });
    const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
    const record: TokenRecord = {
      id: randomUUID().slice(0, 8),
      user_id: userId.data,
      name: options.name ?? "",
      scopes: [...new Set(scopes.data)],
      sha256: sha256Hex(token),
      created_at: new Date().toISOString(),
    };
    const tokens = await this.list();
    await this.write([...tokens, record]);
    return { token, record };
  }

  /** Every stored token record (hashes, never tokens). */
  async list(): Promise<TokenRecord[]> {
    let raw: string;
    let version: string;
    try {
      const file = await stat(this.filePath, { bigint: true });
      version = `${file.ino}:${file.size}:${file.mtimeNs}`;
      if (this.cache?.version === version) return this.cache.tokens;
      raw = await readFile(this.filePath, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const tokens = TokensFileSchema.parse(JSON.parse(raw)).tokens;
    this.cache = { version, tokens };
    return tokens;
  }

  /** Deletes a token by id; returns false when there was none. */
  async revoke(id: string): Promise<boolean> {
    const tokens = await this.list();
    const kept = tokens.filter((record) => record.id !== id);
    if (kept.length === tokens.length) return false;
    await this.write(kept);
    return true;
  }

  /**
   * The principal of a bearer token, or undefined. Every stored hash is compared with
   * `timingSafeEqual`, without stopping at a match, so the time does not tell which one matched.
   */
  async verify(token: string): Promise<TokenPrincipal | undefined> {
    const candidate = Buffer.from(sha256Hex(token), "hex");
    let found: TokenRecord | undefined;
    for (const record of await this.list()) {
      if (timingSafeEqual(candidate, Buffer.from(record.sha256, "hex")) && found === undefined) found = record;
    }
    return found && { tokenId: found.id, userId: found.user_id, scopes: found.scopes };
  }

  private async write(tokens: TokenRecord[]): Promise<void> {
    const temporary = `${this.filePath}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ version: 1, tokens }, null, 2)}\n`, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, this.filePath);
    this.cache = undefined;
  }
}
