import json, sys
def load(run):
    d={}
    for line in open(f'/tmp/wink/{run}/questions.jsonl'):
        q=json.loads(line); d[(q['sample_id'],q['question_index'],q.get('category'))]=q
    return d
a=load(sys.argv[1]); b=load(sys.argv[2])
assert a.keys()==b.keys()
diff=[k for k in a if a[k]['engram']['context']!=b[k]['engram']['context']]
scored=[k for k in diff if k[2]!=5]
print(f"{len(a)} questions; contexts (budget 1500) differ: {len(diff)} ({len(scored)} scored, {len(diff)-len(scored)} adversarial)")
rc=[k for k in a if a[k]['recall']['engram']!=b[k]['recall']['engram']]
print("engram recall differs (any budget):", len(rc))
for k in rc: print("  ", k, a[k]['question'][:80], a[k]['recall']['engram'], '->', b[k]['recall']['engram'])
