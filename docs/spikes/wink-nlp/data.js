// The 788 LoCoMo dev turns' texts, in order.
const d = require('/work/shared/data/locomo/locomo-dev.json');
const texts = [];
for (const s of d) for (const [k, v] of Object.entries(s.conversation)) if (/^session_\d+$/.test(k) && Array.isArray(v)) for (const t of v) texts.push(t.text);
module.exports = texts;
