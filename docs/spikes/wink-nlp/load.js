// Cold cost: require + first parse, wall time and memory (rss, heapUsed deltas). usage: node --expose-gc load.js compromise|two|wink
const which = process.argv[2];
global.gc && global.gc();
const m0 = process.memoryUsage();
const t0 = process.hrtime.bigint();
let first;
if (which === 'wink') {
  const { parse } = require('./wink-parse.js');
  var t1 = process.hrtime.bigint();
  first = () => parse("Hey Mel! I'm so glad you came. Caroline went to Paris last Friday.");
} else {
  const loaded = require(which === 'two' ? 'compromise/two' : 'compromise');
  const nlp = typeof loaded === 'function' ? loaded : loaded.default;
  var t1 = process.hrtime.bigint();
  first = () => nlp("Hey Mel! I'm so glad you came. Caroline went to Paris last Friday.").json({ offset: true, terms: { offset: true } });
}
first();
const t2 = process.hrtime.bigint();
global.gc && global.gc();
const m1 = process.memoryUsage();
const mb = (x) => +(x / 1048576).toFixed(1);
console.log(JSON.stringify({ which, requireMs: +(Number(t1 - t0) / 1e6).toFixed(1), firstParseMs: +(Number(t2 - t1) / 1e6).toFixed(1), rssDeltaMB: mb(m1.rss - m0.rss), heapUsedDeltaMB: mb(m1.heapUsed - m0.heapUsed), rssMB: mb(m1.rss) }));
