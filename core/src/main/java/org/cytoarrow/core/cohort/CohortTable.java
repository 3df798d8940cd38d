package org.cytoarrow.core.cohort;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.io.AtomicFile;
import org.cytoarrow.core.io.Csv;

/**
 * An immutable table of cohort results ({@link CohortRow}s), written as CSV with the header
 * {@code endpoint,grouping,comparison,test,statistic,p,p_adj,estimate,ci_low,ci_high,n}.
 *
 * <p>Numbers are written with {@link Double#toString} (shortest round-trip form; R and pandas read it); NaN as an
 * empty field; text fields are quoted when they contain a comma, quote or line break (RFC 4180).
 */
public final class CohortTable {
    /** The CSV header. */
    public static final String HEADER = "endpoint,grouping,comparison,test,statistic,p,p_adj,estimate,ci_low,ci_high,n";

    private final List<CohortRow> rows;

    private CohortTable(List<CohortRow> rows) {
        this.rows = List.copyOf(rows);
    }

    /** A table of the given rows, in order. */
    public static CohortTable of(Collection<CohortRow> rows) {
        return new CohortTable(new ArrayList<>(rows));
    }

    /** The rows of several results for one endpoint and grouping, in order. */
    public static CohortTable of(String endpoint, String grouping, List<? extends CohortResult> results) {
        List<CohortRow> rows = new ArrayList<>();
        for (CohortResult r : results) {
            rows.addAll(r.rows(endpoint, grouping));
        }
        return new CohortTable(rows);
    }

    public List<CohortRow> rows() {
        return rows;
    }

    /** A table with this table's rows followed by {@code other}'s. */
    public CohortTable plus(CohortTable other) {
        List<CohortRow> all = new ArrayList<>(rows);
        all.addAll(other.rows);
        return new CohortTable(all);
    }

    /**
     * A copy in which every row of the given tests that has a p-value and no adjusted p-value yet gets its
     * Benjamini-Hochberg adjusted p-value, the family being all those rows together (e.g. one test over all
     * endpoints). Rows that already carry {@code p_adj} (Dunn's Holm-adjusted pairs) are left alone.
     *
     * @param tests the test names forming the family, e.g. {@code "mann_whitney"}; none = every test
     */
    public CohortTable adjustBenjaminiHochberg(String... tests) {
        List<String> family = List.of(tests);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CohortRow r = rows.get(i);
            if ((family.isEmpty() || family.contains(r.test())) && !Double.isNaN(r.p()) && Double.isNaN(r.pAdj())) {
                idx.add(i);
            }
        }
        double[] p = new double[idx.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = rows.get(idx.get(i)).p();
        }
        double[] adj = MultipleTesting.benjaminiHochberg(p);
        List<CohortRow> out = new ArrayList<>(rows);
        for (int i = 0; i < p.length; i++) {
            out.set(idx.get(i), rows.get(idx.get(i)).withPAdj(adj[i]));
        }
        return new CohortTable(out);
    }

    /** The table as CSV text with a header line and {@code \n} line ends. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (CohortRow r : rows) {
            sb.append(Csv.quote(r.endpoint())).append(',').append(Csv.quote(r.grouping())).append(',')
                    .append(Csv.quote(r.comparison())).append(',').append(Csv.quote(r.test())).append(',')
                    .append(number(r.statistic())).append(',').append(number(r.p())).append(',')
                    .append(number(r.pAdj())).append(',').append(number(r.estimate())).append(',')
                    .append(number(r.ciLow())).append(',').append(number(r.ciHigh())).append(',')
                    .append(r.n()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes the CSV atomically: to a temporary file in the target directory, then moved over {@code path}, so
     * readers never see a half-written file.
     *
     * @throws CytoException (code {@code WRITE_FAILED}) naming the file when it cannot be written
     */
    public void writeCsv(Path path) {
        try {
            AtomicFile.write(path, tmp -> Files.writeString(tmp, toCsv(), StandardCharsets.UTF_8));
        } catch (UncheckedIOException e) {
            throw new CytoException("WRITE_FAILED", path.toString(), null,
                    path + ": cannot write cohort table: " + e.getCause().getMessage(), e);
        }
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    @Override
    public String toString() {
        return "CohortTable[" + rows.size() + " rows]";
    }
}
