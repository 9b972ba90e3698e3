import { readFile, mkdtemp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Engram, HashEmbedder, parseLocomo } from "@engram/memory";
const all = parseLocomo(JSON.parse(await readFile("/work/shared/data/locomo/locomo-dev.json", "utf8")));
const out: Record<string, unknown[]> = {};
for (const sample of all) {
  const dir = await mkdtemp("/tmp/i11p/store-");
  const engram = await Engram.open({ path: join(dir, "s"), embedder: new HashEmbedder() });
  await engram.add(sample.messages, { user_id: sample.sample_id });
  const exported: any = await engram.exportUser({ user_id: sample.sample_id });
  out[sample.sample_id] = exported.records.filter((r: any) => r.kind !== "message" && r.kind !== "history").map(({ vector, ...r }: any) => r);
  await engram.close();
}
await writeFile("/tmp/i11p/dump.json", JSON.stringify(out, null, 1));
