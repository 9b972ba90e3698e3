import type { SecretCipher } from "../crypto/secret-cipher";
import type { StoreRetryOptions } from "./retry";

/** Options of `LanceDbMemoryStore.open`. */
export interface LanceDbMemoryStoreOptions {
  /** Store folder; created with mode 0700 if missing. */
  path: string;
  /** Vector length of the embedder in use. */
  dimensions: number;
  /** Embedder model id; a store refuses an embedder other than the one it was created with. */
  embedderId: string;
  /**
   * Seals high-sensitivity values at rest (see `store/seal-rows.ts`).
   * @default a cipher whose key is in `<path>/secret.key`, created with mode 0600 on first use
   */
  cipher?: SecretCipher;
  /**
   * A user's rows in a memory table with an ANN index from which vector search uses the index;
   * a user with fewer rows there is searched exactly (the query compared with each of the user's
   * rows, found through the BTREE index on `user_id`). 0: the index for every user; `Infinity`:
   * never (exact search everywhere). See docs/architecture.md, "Scale".
   * @default 10000
   */
  annMinUserRows?: number;
  /** Retries of writes that fail on a commit conflict with another writer. @default { attempts: 8, baseDelayMs: 25 } */
  retry?: StoreRetryOptions;
  /**
   * LanceDB storage options for an object-store `path` (`s3://`, `gs://`, `az://`): credentials,
   * `region`, `endpoint`, `allow_http`, ... (LanceDB's object storage configuration keys).
   */
  storageOptions?: Record<string, string>;
}
