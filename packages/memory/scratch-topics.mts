import { readFile } from "node:fs/promises";
import nlpMod from "compromise";
import { contentWords, isStopWord, stem } from "./src/text/words";
const nlp: any = (nlpMod as any).default ?? nlpMod;
const dump = JSON.parse(await readFile("/tmp/i11p/dump.json", "utf8"));
for (const [sample, recs] of Object.entries<any[]>(dump)) {
  const eps = recs.filter((r) => r.type === "episodic");
  const speakers = new Set(eps.flatMap((e) => contentWords(e.actor)));
  const groups = new Map<string, { sessions: Set<string>; items: any[]; forms: Map<string, number> }>();
  const df = new Map<string, number>();
  for (const e of eps) {
    const text = e.text.replace(/\bshared an? (photo|picture|image|pic)( of)?/gi, " ");
    const doc = nlp(text);
    const phrases: string[] = doc.match("#Noun").not("(#Pronoun|#Date|#Value|#Adjective|#Possessive|#Person|#Gerund|#Verb)").out("array");
    const terms = new Map<string, string>();
    for (const phrase of phrases) for (const w of phrase.toLowerCase().replace(/['’]s\b/g, "").match(/\p{L}+/gu) ?? []) {
      if (w.length < 3 || isStopWord(w)) continue;
      const s = stem(w);
      if (speakers.has(s)) continue;
      terms.set(s, w);
    }
    const session = e.sources[0].split(":")[0];
    for (const [t, form] of terms) {
      df.set(t, (df.get(t) ?? 0) + 1);
      const k = `${e.actor}|${t}`;
      const g = groups.get(k) ?? { sessions: new Set(), items: [], forms: new Map() };
      g.sessions.add(session); g.items.push(e); g.forms.set(form, (g.forms.get(form) ?? 0) + 1); groups.set(k, g);
    }
  }
  const score = (k: string, g: any) => g.sessions.size * Math.log(eps.length / df.get(k.split("|")[1])!);
  const list = [...groups.entries()].filter(([, g]) => g.sessions.size >= 3).sort((a, b) => score(b[0], b[1]) - score(a[0], a[1]));
  console.log(sample, eps.length, list.length);
  for (const [k, g] of list.slice(0, 30)) console.log(k, [...g.forms.keys()].join("/"), g.sessions.size, g.items.length, df.get(k.split("|")[1]), score(k, g).toFixed(1));
}
