package org.cytoarrow.gating.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.SampleSheet;
import org.cytoarrow.core.io.Csv;

/**
 * The units of a cohort analysis (patients or samples) with their endpoints and covariates: a results table joined
 * with the sample sheet. Immutable.
 *
 * <p>A results table is either wide (one row per unit, e.g. the per-patient study table: patient, endpoints...) or
 * the long statistics table of {@code cytoarrow stats}/{@code batch} (columns sample, population, statistic,
 * value and optionally channel), which is pivoted to one row per sample with one column per
 * {@code "<population> <statistic>[ <channel>]"}.
 *
 * <p>Join: on the first of {@code patient}, {@code sample} both tables have; else the results' {@code sample}
 * against the sheet's {@code file} without folder and {@code .fcs}. When the sheet has several rows per key (one
 * per tube), the first row gives the covariates. Results columns win over sheet columns of the same name.
 */
public final class CohortData {
    private final List<String> columns;
    private final List<Map<String, String>> rows;
    private final List<String> resultColumns;

    private CohortData(List<String> columns, List<Map<String, String>> rows, List<String> resultColumns) {
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
        this.resultColumns = List.copyOf(resultColumns);
    }

    /** Units from rows in memory (each a column-to-text map); {@code resultColumns} are endpoint candidates. */
    public static CohortData of(List<Map<String, String>> rows, List<String> resultColumns) {
        Set<String> cols = new LinkedHashSet<>();
        List<Map<String, String>> copy = new ArrayList<>();
        for (Map<String, String> r : rows) {
            cols.addAll(r.keySet());
            copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(r)));
        }
        return new CohortData(new ArrayList<>(cols), copy, resultColumns);
    }

    /**
     * Reads a results table and joins the sheet (null for none). The table may be saved by a spreadsheet: separated
     * by semicolons or tabs, in another encoding ({@link Csv#readTable}); in a semicolon-separated table a number
     * with a decimal comma is read with a point, except in the {@code sample} and {@code file} columns.
     *
     * @throws CytoException (code {@code COHORT_INPUT}) for an unreadable or empty table or no join key
     */
    public static CohortData read(Path results, Path sheet) {
        Csv.Table table;
        try {
            table = Csv.readTable(results, Integer.MAX_VALUE - 8); // a Java array's limit
        } catch (IOException e) {
            throw new CytoException("COHORT_INPUT", results.toString(), null, results + ": cannot read: " + e, e);
        }
        List<List<String>> records = table.records();
        if (records.size() < 2) {
            throw new CytoException("COHORT_INPUT", results.toString(), "line 1", results + ": no rows");
        }
        List<String> header = records.get(0).stream().map(h -> h.replace("\uFEFF", "").strip()).toList();
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> resultColumns = new ArrayList<>();
        if (header.containsAll(List.of("sample", "population", "statistic", "value"))) {
            pivot(results, header, table, rows, resultColumns);
        } else {
            for (int i = 1; i < records.size(); i++) {
                List<String> rec = records.get(i);
                if (rec.size() == 1 && rec.get(0).isBlank()) {
                    continue;
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    String v = c < rec.size() ? rec.get(c).strip() : "";
                    boolean key = header.get(c).equals("sample") || header.get(c).equals("file");
                    row.put(header.get(c), key ? v : table.number(v));
                }
                rows.add(row);
            }
            resultColumns.addAll(header);
        }
        if (sheet != null) {
            join(results, rows, SampleSheet.read(sheet));
        }
        return of(rows, resultColumns);
    }

    private static void pivot(Path file, List<String> header, Csv.Table table,
                              List<Map<String, String>> rows, List<String> resultColumns) {
        List<List<String>> records = table.records();
        int s = header.indexOf("sample");
        int p = header.indexOf("population");
        int st = header.indexOf("statistic");
        int ch = header.indexOf("channel");
        int v = header.indexOf("value");
        Map<String, Map<String, String>> bySample = new LinkedHashMap<>();
        Set<String> cols = new LinkedHashSet<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> rec = records.get(i);
            if (rec.size() < header.size()) {
                if (rec.size() == 1 && rec.get(0).isBlank()) {
                    continue;
                }
                throw new CytoException("COHORT_INPUT", file.toString(), "line " + (i + 1), file + ": line "
                        + (i + 1) + " has " + rec.size() + " fields, expected " + header.size());
            }
            String channel = ch < 0 ? "" : rec.get(ch).strip();
            String col = rec.get(p).strip() + " " + rec.get(st).strip() + (channel.isEmpty() ? "" : " " + channel);
            cols.add(col);
            bySample.computeIfAbsent(rec.get(s).strip(), k -> {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("sample", k);
                return m;
            }).put(col, table.number(rec.get(v).strip()));
        }
        rows.addAll(bySample.values());
        resultColumns.add("sample");
        resultColumns.addAll(cols);
    }

    private static void join(Path results, List<Map<String, String>> rows, SampleSheet sheet) {
        Set<String> have = rows.isEmpty() ? Set.of() : rows.get(0).keySet();
        String key = null;
        for (String k : List.of("patient", "sample")) {
            if (have.contains(k) && sheet.has(k)) {
                key = k;
                break;
            }
        }
        boolean byFile = key == null && have.contains("sample") && sheet.has(SampleSheet.FILE);
        if (key == null && !byFile) {
            throw new CytoException("COHORT_INPUT", results.toString(), null, results + ": cannot join the sample "
                    + "sheet: neither 'patient' nor 'sample' is in both tables, and no sample/file pair; results "
                    + "columns " + have + ", sheet columns " + sheet.columns());
        }
        Map<String, Map<String, String>> index = new LinkedHashMap<>();
        for (Map<String, String> r : sheet.rows()) {
            String k = byFile ? StudyWorkflow.sampleName(Path.of(r.get(SampleSheet.FILE))) : r.get(key);
            index.putIfAbsent(k, r);
        }
        for (Map<String, String> row : rows) {
            Map<String, String> s = index.get(byFile ? row.get("sample") : row.get(key));
            if (s != null) {
                s.forEach(row::putIfAbsent);
            }
        }
    }

    /** All column names (results first, then sheet columns). */
    public List<String> columns() {
        return columns;
    }

    /** The units, one map per row. */
    public List<Map<String, String>> rows() {
        return rows;
    }

    /**
     * Result columns whose every non-empty value is a number (at least one): the default endpoints. Key columns
     * (patient, sample) are left out.
     */
    public List<String> numericResultColumns() {
        List<String> out = new ArrayList<>();
        for (String c : resultColumns) {
            if (c.equals("patient") || c.equals("sample")) {
                continue;
            }
            boolean any = false;
            boolean all = true;
            for (Map<String, String> r : rows) {
                String v = r.getOrDefault(c, "");
                if (v.isEmpty()) {
                    continue;
                }
                if (Double.isNaN(number(v))) {
                    all = false;
                    break;
                }
                any = true;
            }
            if (any && all) {
                out.add(c);
            }
        }
        return out;
    }

    /** The values of a column as numbers (NaN for empty or non-numeric cells), in row order. */
    public double[] numbers(String column) {
        requireColumn(column);
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(rows.get(i).getOrDefault(column, ""));
        }
        return out;
    }

    /** The texts of a column (empty for missing), in row order. */
    public List<String> texts(String column) {
        requireColumn(column);
        return rows.stream().map(r -> r.getOrDefault(column, "")).toList();
    }

    void requireColumn(String column) {
        if (!columns.contains(column)) {
            throw new CytoException("COHORT_COLUMN", null, column, "No column '" + column + "'; columns are "
                    + columns);
        }
    }

    static double number(String s) {
        if (s == null || s.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
