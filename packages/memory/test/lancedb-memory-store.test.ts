import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describeMemoryStoreConformance } from "@engram/testing";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";

describeMemoryStoreConformance({
  name: "LanceDbMemoryStore",
  create: (dimensions) => LanceDbMemoryStore.open({ path: fs.mkdtempSync(path.join(os.tmpdir(), "engram-conformance-")), dimensions, embedderId: "conformance" }),
  destroy: async (store) => {
    await store.close();
    fs.rmSync(store.path, { recursive: true, force: true });
  },
});
