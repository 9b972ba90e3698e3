// Warm timing: one untimed pass, then 2 timed passes over the 788 dev turns; ms per message.
// usage: node bench.js compromise|compromise-parseonly|two|wink|wink-fixim|wink-adapter|wink-nolemma|wink-readonly
const texts = require('./data.js');
const which = process.argv[2];
let fn;
if (which === 'compromise-parseonly') {
  const nlp = require('compromise');
  fn = (t) => nlp(t);
} else if (which === 'compromise' || which === 'two') {
  const loaded = require(which === 'two' ? 'compromise/two' : 'compromise');
  const nlp = typeof loaded === 'function' ? loaded : loaded.default;
  fn = (t) => nlp(t).json({ offset: true, terms: { offset: true } });
} else if (which === 'wink-adapter') {
  const { toCompromiseJson } = require('./adapter.js');
  fn = (t) => toCompromiseJson(t);
} else if (which === 'wink-readonly') {
  const { nlp } = require('./wink-parse.js');
  fn = (t) => nlp.readDoc(t);
} else {
  const { parse } = require('./wink-parse.js');
  const opts = { lemma: which !== 'wink-nolemma', fixIm: which === 'wink-fixim' };
  fn = (t) => parse(t, opts);
}
let sink = 0;
for (const t of texts) sink += fn(t) ? 1 : 0;
const res = [];
for (let pass = 0; pass < 2; pass++) {
  const t0 = process.hrtime.bigint();
  for (const t of texts) sink += fn(t) ? 1 : 0;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  res.push(ms / texts.length);
}
console.log(JSON.stringify({ which, n: texts.length, msPerMsg: res.map((x) => +x.toFixed(4)), msgPerSec: res.map((x) => Math.round(1000 / x)) }));
