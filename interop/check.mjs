// Reads cytoarrow's outputs with independent clients and compares them with `cytoarrow info --json` (and, for
// generated input, with the generator's own ground truth):
//   apache-arrow (JavaScript) reads NAME.raw.arrow / NAME.scaled.arrow (Arrow IPC file),
//   DuckDB reads NAME.raw.parquet / NAME.scaled.parquet and NAME.raw.csv / NAME.scaled.csv.
// Checks row counts, column names, raw min/max (exact) and mean (relative 1e-9), metadata, and that the three
// scaled outputs agree value for value on the first rows and on column sums.
//
// usage: node check.mjs DIR NAME [NAME...]   (prints "ok"/"FAIL" lines and "interop: N passed, N failed")
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';

const [dir, ...samples] = process.argv.slice(2);
let passed = 0;
let failed = 0;
const check = (ok, what, detail = '') => {
  if (ok) {
    passed++;
    console.log(`ok   ${what}`);
  } else {
    failed++;
    console.log(`FAIL ${what}${detail ? ': ' + detail : ''}`);
  }
};
const close = (a, b, rel = 1e-9) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const q = (name) => '"' + name.replaceAll('"', '""') + '"';
const sqlString = (s) => "'" + s.replaceAll("'", "''") + "'";

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const rows = async (sql) => (await db.runAndReadAll(sql)).getRowObjectsJS();

/** Per-column count/min/max/avg/sum/first rows of a table DuckDB can scan. */
async function duckStats(from, names) {
  const parts = names.flatMap((n) => [`min(${q(n)})`, `max(${q(n)})`, `avg(${q(n)})`, `sum(${q(n)}::DOUBLE)`]);
  const [r] = (await db.runAndReadAll(`SELECT count(*), ${parts.join(', ')} FROM ${from}`)).getRowsJS();
  const first = (await db.runAndReadAll(`SELECT * FROM ${from} LIMIT 3`)).getRowsJS()
    .map((row) => row.map(Number));
  const stats = names.map((_, c) => ({
    min: Number(r[1 + 4 * c]), max: Number(r[2 + 4 * c]), mean: Number(r[3 + 4 * c]), sum: Number(r[4 + 4 * c]),
  }));
  return { count: Number(r[0]), stats, first };
}

async function duckNames(from) {
  return (await rows(`DESCRIBE SELECT * FROM ${from}`)).map((r) => r.column_name);
}

function arrowStats(path) {
  const table = tableFromIPC(readFileSync(path));
  const names = table.schema.fields.map((f) => f.name);
  const single = table.schema.fields.map((f) => f.type.precision === 1);
  const stats = names.map((n) => {
    const col = table.getChild(n).toArray();
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const v of col) {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    return { min, max, sum, mean: sum / col.length };
  });
  const first = [0, 1, 2].filter((i) => i < table.numRows).map((i) => names.map((n) => table.getChild(n).get(i)));
  return { table, names, single, stats, first, count: table.numRows };
}

for (const name of samples) {
  const info = JSON.parse(readFileSync(join(dir, `${name}.info.json`), 'utf8')).datasets[0];
  const names = info.channels.map((c) => c.name);
  const events = info.events;
  const file = (kind, ext) => join(dir, `${name}.${kind}.${ext}`);

  // Ground truth of the generated file, independent of cytoarrow.
  const expectedPath = join(dir, `${name}.expected.json`);
  const expected = existsSync(expectedPath) ? JSON.parse(readFileSync(expectedPath, 'utf8')) : null;
  if (expected) {
    check(info.version === expected.version && info.datatype === expected.datatype
      && info.byteord === expected.byteord && info.tot === expected.tot && info.par === expected.par,
    `${name}: info version/datatype/byteord/tot/par match the generator`, JSON.stringify(info).slice(0, 200));
    check(same(names, expected.names), `${name}: info channel names`, same(names, expected.names) ? '' : names);
    check(same(info.channels.map((c) => c.label), expected.labels), `${name}: info labels (UTF-8 $PnS)`,
      JSON.stringify(info.channels.map((c) => c.label)));
    check(same(info.channels.map((c) => c.min), expected.min) && same(info.channels.map((c) => c.max), expected.max)
      && info.channels.every((c, k) => close(c.mean, expected.mean[k])), `${name}: info raw min/max/mean`);
    check(info.spillover && same(info.spillover.detectors, expected.spilloverDetectors), `${name}: info spillover`);
  }

  // 1. Arrow IPC with apache-arrow.
  const ra = arrowStats(file('raw', 'arrow'));
  check(ra.count === events, `${name}: arrow rows = ${events}`, String(ra.count));
  check(same(ra.names, names), `${name}: arrow column names`, ra.names.join(','));
  check(ra.stats.every((s, c) => s.min === info.channels[c].min && s.max === info.channels[c].max),
    `${name}: arrow raw min/max = info`);
  check(ra.stats.every((s, c) => close(s.mean, info.channels[c].mean)), `${name}: arrow raw mean = info`);
  check(ra.table.schema.metadata.get('cytoarrow.values') === 'raw'
    && ra.table.schema.fields.every((f, c) => f.metadata.get('$PnN') === names[c]),
  `${name}: arrow schema and field metadata`);
  if (expected) {
    check(same(ra.first, expected.first), `${name}: arrow first rows = generator`, JSON.stringify(ra.first));
  }

  // 2. Parquet with DuckDB.
  const parquet = `read_parquet(${sqlString(file('raw', 'parquet'))})`;
  check(same(await duckNames(parquet), names), `${name}: parquet column names (DuckDB)`);
  const rp = await duckStats(parquet, names);
  check(rp.count === events, `${name}: parquet rows = ${events} (DuckDB)`, String(rp.count));
  check(rp.stats.every((s, c) => s.min === info.channels[c].min && s.max === info.channels[c].max),
    `${name}: parquet raw min/max = info (DuckDB)`);
  check(rp.stats.every((s, c) => close(s.mean, info.channels[c].mean)), `${name}: parquet raw mean = info (DuckDB)`);
  const kv = await rows(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${sqlString(file('raw', 'parquet'))})`);
  const kvMap = Object.fromEntries(kv.map((r) => [r.k, r.v]));
  check(kvMap['cytoarrow.values'] === 'raw' && Number(kvMap['$TOT'] ?? kvMap['$tot']) === info.tot,
    `${name}: parquet key-value metadata (DuckDB)`, JSON.stringify(kvMap).slice(0, 120));

  // 3. CSV with DuckDB; float32 columns compare after rounding to float32 (the CSV holds their shortest decimal).
  const csv = `read_csv(${sqlString(file('raw', 'csv'))}, header = true)`;
  check(same(await duckNames(csv), names), `${name}: csv column names (DuckDB)`);
  const rc = await duckStats(csv, names);
  const f32 = (v, c) => (ra.single[c] ? Math.fround(v) : v);
  check(rc.count === events, `${name}: csv rows = ${events} (DuckDB)`, String(rc.count));
  check(rc.stats.every((s, c) => f32(s.min, c) === info.channels[c].min && f32(s.max, c) === info.channels[c].max),
    `${name}: csv raw min/max = info (DuckDB)`);
  check(rc.stats.every((s, c) => close(s.mean, info.channels[c].mean, 1e-7)), `${name}: csv raw mean = info (DuckDB)`);
  check(same(rc.first.map((r) => r.map(f32)), ra.first), `${name}: csv first rows = arrow first rows`);

  // 4. Scaled values: the three formats agree with each other (and with the generator's scale values).
  const sa = arrowStats(file('scaled', 'arrow'));
  const sp = await duckStats(`read_parquet(${sqlString(file('scaled', 'parquet'))})`, names);
  const sc = await duckStats(`read_csv(${sqlString(file('scaled', 'csv'))}, header = true)`, names);
  const sf32 = (v, c) => (sa.single[c] ? Math.fround(v) : v);
  check(sa.table.schema.metadata.get('cytoarrow.values') === 'scaled', `${name}: scaled arrow metadata`);
  check(sa.count === events && sp.count === events && sc.count === events, `${name}: scaled row counts`);
  check(same(sp.first, sa.first), `${name}: scaled parquet first rows = arrow`, JSON.stringify([sp.first[0], sa.first[0]]));
  check(same(sc.first.map((r) => r.map(sf32)), sa.first), `${name}: scaled csv first rows = arrow`,
    JSON.stringify([sc.first[0], sa.first[0]]));
  check(sa.stats.every((s, c) => close(s.sum, sp.stats[c].sum, 1e-9) && close(s.sum, sc.stats[c].sum, 1e-7)),
    `${name}: scaled column sums agree (arrow, parquet, csv)`);
  if (expected) {
    check(sa.first.every((r, i) => r.every((v, c) => close(v, expected.scaledFirst[i][c], 1e-12))),
      `${name}: scaled first rows = generator's scale values`, JSON.stringify(sa.first[0]));
  }
}

db.closeSync();
console.log(`interop: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
