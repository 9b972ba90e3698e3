import json
a=json.load(open('/tmp/wink/drafts-compromise.json')); b=json.load(open('/tmp/wink/drafts-wink.json'))
for name in a:
    same=0; diffs=[]
    for x,y in zip(a[name],b[name]):
        if x['texts']==y['texts']: same+=1
        else: diffs.append((x,y))
    print(f"== {name}: {same}/{len(a[name])} messages draft identical memories")
    for x,y in diffs[:40 if name=='demo' else 12]:
        print('--', x['id'], repr(x['content'][:160]))
        for k in sorted(set(x['texts'])|set(y['texts'])):
            cx=x['texts'].get(k,[]); cy=y['texts'].get(k,[])
            if cx!=cy:
                print('   ',k,'compromise only:',[t for t in cx if t not in cy]); print('   ',k,'wink only:      ',[t for t in cy if t not in cx])
