import json, sys, os
runs = sys.argv[1:]
cols = ["run","load","R@500","R@1000","R@1500","R@3000","cov@1500","bm25d cov@1500","lead","adv R@1500","gain26","gain30","tok mean","ingest s (sum)","ingest elapsed","wall","cpu"]
print("| " + " | ".join(cols) + " |"); print("|" + "---|"*len(cols))
for run in runs:
    r = json.load(open(f"/tmp/wink/{run}/report.json")); e = r["engram"]["overall"]; m = r["meta"]
    g = lambda s: r["by_sample"][s]["engram"]["recall@1500"] - r["by_sample"][s]["bm25"]["recall@1500"]
    cov = e["coverage@1500"]; bd = r["bm25_dated"]["overall"]["coverage@1500"]
    row = [run, f'{m["load_average"]["start"]}→{m["load_average"]["end"]}', e["recall@500"], e["recall@1000"], e["recall@1500"], e["recall@3000"], cov, bd, round(cov-bd,4), r["engram"]["adversarial"]["recall@1500"], round(g("conv-26"),4), round(g("conv-30"),4), e["tokens_mean"], r["engram"]["ingest"]["seconds"], m["ingest_elapsed_seconds"], m["wall_seconds"], m["cpu_seconds"]]
    print("| " + " | ".join(str(x) for x in row) + " |")
