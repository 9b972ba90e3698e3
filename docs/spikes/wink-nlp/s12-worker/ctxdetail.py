import json, re, sys, collections
src=open('/work/wt-wink/packages/bench/src/text/stop-words.ts').read()
stop=set(re.findall(r'"([^"]+)"', src))
def toks(s):
    s=re.sub(r"\bD\s*\d+\s*:\s*\d+\b","",s).lower().replace("'","").replace("’","")
    return set(t for t in re.split(r"[^\w]|_",s) if t and t not in stop)
def load(run):
    return {(q['sample_id'],q['question_index']):q for q in map(json.loads, open(f'/tmp/wink/{run}/questions.jsonl'))}
a=load(sys.argv[1]); b=load(sys.argv[2])
covd=[]
onlya=collections.Counter(); onlyb=collections.Counter()
for k in a:
    if a[k]['category']==5: continue
    ans=toks(str(a[k]['answer']))
    if not ans: continue
    ca=len(ans & toks(a[k]['engram']['context']))/len(ans); cb=len(ans & toks(b[k]['engram']['context']))/len(ans)
    if ca!=cb: covd.append((k,a[k]['question'],a[k]['answer'],round(ca,3),round(cb,3)))
for k in a:
    la=set(a[k]['engram']['context'].split('\n')); lb=set(b[k]['engram']['context'].split('\n'))
    for l in la-lb: onlya[l]+=1
    for l in lb-la: onlyb[l]+=1
print("scored questions whose coverage@1500 differs:", len(covd))
for c in covd: print("  ",c)
print("distinct context lines only with compromise:", len(onlya), " only with wink:", len(onlyb))
print("most frequent compromise-only lines:"); [print("  ",n,l[:150]) for l,n in onlya.most_common(12)]
print("most frequent wink-only lines:"); [print("  ",n,l[:150]) for l,n in onlyb.most_common(12)]
