// Writes a small FCS 3.1 file with an independent, spec-following writer (FCS 3.1 sections 3.1-3.3), plus a JSON
// file with its ground truth (computed here, not by cytoarrow): int16 big-endian data, 4 channels, 1000 events
// from a seeded generator, a log channel, a Time channel with $TIMESTEP, a $SPILLOVER and a non-ASCII $PnS.
//
// usage: node make-fcs.mjs OUT.fcs OUT.expected.json
import { writeFileSync } from 'node:fs';

const [out, expectedOut] = process.argv.slice(2);
if (!out || !expectedOut) {
  console.error('usage: node make-fcs.mjs OUT.fcs OUT.expected.json');
  process.exit(2);
}

const names = ['FSC-A', 'SSC-A', 'FL1-A', 'Time'];
const labels = ['Forward', null, 'CD3 ✓', null];
const events = 1000;
let state = 42;
const next = () => {
  // Park-Miller minimal standard generator: deterministic and dependency-free.
  state = (state * 48271) % 2147483647;
  return state;
};
const columns = names.map(() => new Array(events));
for (let i = 0; i < events; i++) {
  columns[0][i] = next() % 1024;
  columns[1][i] = next() % 1024;
  columns[2][i] = next() % 1024;
  columns[3][i] = i; // Time ticks
}

const keywords = [
  ['$BEGINANALYSIS', '0'], ['$ENDANALYSIS', '0'], ['$BEGINSTEXT', '0'], ['$ENDSTEXT', '0'],
  ['$BEGINDATA', 'BD'], ['$ENDDATA', 'ED'],
  ['$BYTEORD', '4,3,2,1'], ['$DATATYPE', 'I'], ['$MODE', 'L'], ['$NEXTDATA', '0'],
  ['$PAR', String(names.length)], ['$TOT', String(events)], ['$TIMESTEP', '0.5'],
  ['$SPILLOVER', '2,FSC-A,SSC-A,1,0.02,0.03,1'], ['$CYT', 'interop generator'],
];
names.forEach((n, k) => {
  const p = `$P${k + 1}`;
  keywords.push([`${p}N`, n], [`${p}B`, '16'], [`${p}R`, '1024'], [`${p}E`, n === 'FL1-A' ? '4,1' : '0,0']);
  if (labels[k]) keywords.push([`${p}S`, labels[k]]);
});

const dataLength = events * names.length * 2;
const textFor = (begin, end) => {
  const body = keywords
    .map(([k, v]) => [k, v === 'BD' ? String(begin) : v === 'ED' ? String(end) : v])
    .map(([k, v]) => `${k}/${v}/`)
    .join('');
  return Buffer.from('/' + body, 'utf8');
};
// Fixed point: the offsets are written inside TEXT, so TEXT's length depends on their digits.
let begin = 0;
let end = 0;
let text;
for (;;) {
  text = textFor(begin, end);
  const b = 58 + text.length;
  const e = b + dataLength - 1;
  if (b === begin && e === end) break;
  begin = b;
  end = e;
}
const pad = (v) => String(v).padStart(8, ' ');
const header = Buffer.from('FCS3.1    ' + pad(58) + pad(57 + text.length) + pad(begin) + pad(end) + pad(0) + pad(0),
  'ascii');
const data = Buffer.alloc(dataLength);
let pos = 0;
for (let i = 0; i < events; i++) {
  for (let c = 0; c < names.length; c++) {
    data.writeUInt16BE(columns[c][i], pos);
    pos += 2;
  }
}
writeFileSync(out, Buffer.concat([header, text, data, Buffer.from('00000000', 'ascii')]));

const stats = columns.map((col) => ({
  min: Math.min(...col),
  max: Math.max(...col),
  sum: col.reduce((a, b) => a + b, 0),
}));
writeFileSync(expectedOut, JSON.stringify({
  version: 'FCS3.1', datatype: 'I', byteord: '4,3,2,1', tot: events, par: names.length,
  names, labels,
  min: stats.map((s) => s.min), max: stats.map((s) => s.max), mean: stats.map((s) => s.sum / events),
  first: [0, 1, 2].map((i) => columns.map((col) => col[i])),
  // Scale values (FCS 3.1 section 3.2.20): FL1-A $PnE 4,1 -> 10^(4 * x / 1024) * 1; Time x $TIMESTEP 0.5.
  scaledFirst: [0, 1, 2].map((i) => [columns[0][i], columns[1][i], 10 ** (4 * columns[2][i] / 1024), columns[3][i] * 0.5]),
  spilloverDetectors: ['FSC-A', 'SSC-A'],
}, null, 1));
