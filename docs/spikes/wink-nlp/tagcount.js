// Counts compromise tag names referenced in Engram's non-test sources (string literals "Tag" and match syntax #Tag), per tag and per file.
const nlp = require('compromise');
const fs = require('fs'), path = require('path');
const tagSet = Object.keys(nlp.world().model.one.tagSet);
const root = '/work/main/packages/memory/src';
const files = [];
(function walk(d){ for (const f of fs.readdirSync(d)) { const p = path.join(d,f); if (fs.statSync(p).isDirectory()) walk(p); else if (/\.ts$/.test(f) && !/\.test\.ts$/.test(f)) files.push(p); } })(root);
const counts = {}, perFile = {};
for (const f of files) {
  const src = fs.readFileSync(f,'utf8');
  if (!/tags|#[A-Z]|nlp\(/.test(src)) continue;
  const re = /["'#]([A-Z][A-Za-z]+)\b/g; let m;
  while ((m = re.exec(src))) { const t = m[1]; if (!tagSet.includes(t)) continue;
    // only count string literals that are whole ("Tag") or match-syntax #Tag
    const ch = m[0][0]; if (ch !== '#' && src[m.index + m[0].length] !== ch) continue;
    counts[t] = (counts[t]||0)+1; (perFile[t] ??= new Set()).add(path.relative(root,f)); }
}
console.log('compromise tagSet size', tagSet.length);
for (const [t,c] of Object.entries(counts).sort((a,b)=>b[1]-a[1])) console.log(String(c).padStart(3), t.padEnd(14), [...perFile[t]].join(', '));
