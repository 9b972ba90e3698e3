import * as lancedb from "@lancedb/lancedb";
import { performance } from "node:perf_hooks";
import { HashEmbedder } from "@engram/memory";
async function time(name: string, reps: number, fn: () => Promise<unknown>) {
  await fn();
  const t = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  console.log(name.padEnd(50), ((performance.now() - t) / reps).toFixed(2), "ms");
}
async function main() {
  const [vector] = await new HashEmbedder().embedMany(["When did Caroline go to the LGBTQ support group?"]);
  for (const interval of [0, undefined]) {
    const conn = await lancedb.connect("/tmp/i14/store", interval === undefined ? {} : { readConsistencyInterval: interval });
    const ep = await conn.openTable("episodic");
    const kv = await conn.openTable("knowledge_vault");
    const where = "user_id = 'conv-26' AND (valid_to IS NULL OR valid_to > '2026-01-01')";
    console.log("interval", interval);
    await time("vector all cols", 30, () => ep.vectorSearch(vector!).distanceType("cosine").where(where).limit(40).toArray());
    await time("vector select id,text", 30, () => ep.vectorSearch(vector!).distanceType("cosine").where(where).select(["id", "text"]).limit(40).toArray());
    await time("vector select id,text toArrow", 30, () => ep.vectorSearch(vector!).distanceType("cosine").where(where).select(["id", "text"]).limit(40).toArrow());
    await time("fts all cols", 30, () => ep.query().fullTextSearch("Caroline LGBTQ support group", { columns: "text" }).where(where).limit(40).toArray());
    await time("fts select id,text", 30, () => ep.query().fullTextSearch("Caroline LGBTQ support group", { columns: "text" }).where(where).select(["id","text"]).limit(40).toArray());
    await time("vector empty table", 30, () => kv.vectorSearch(vector!).distanceType("cosine").where(where).limit(40).toArray());
    await time("countRows empty table", 30, () => kv.countRows());
    await time("countRows where ep", 30, () => ep.countRows("user_id = 'conv-26'"));
    await time("version ep", 30, () => ep.version());
    await time("list all rows ep (no vector)", 10, () => ep.query().where(where).select(["id","text","valid_from","sources"]).toArray());
    await time("13 in parallel (7 vec, 6 fts)", 10, () => Promise.all([...Array(7)].map(() => ep.vectorSearch(vector!).distanceType("cosine").where(where).limit(40).toArray()).concat([...Array(6)].map(() => ep.query().fullTextSearch("Caroline LGBTQ support group", { columns: "text" }).where(where).limit(40).toArray()))));
    conn.close();
  }
}
main();
