package org.cytoarrow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.cohort.CohortRow;
import org.cytoarrow.core.cohort.CohortTable;
import org.cytoarrow.core.cohort.SurvivalCurve;
import org.cytoarrow.core.io.AtomicFile;
import org.cytoarrow.core.io.Csv;
import org.cytoarrow.gating.workflow.CohortAnalysis;
import org.cytoarrow.gating.workflow.CohortData;
import org.cytoarrow.report.KaplanMeierPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cytoarrow cohort}: group comparisons, trend, correlation and survival over a study's results. */
@Command(name = "cohort",
        mixinStandardHelpOptions = true,
        description = {
            // one element per paragraph: picocli wraps each to the terminal's width
            "Cohort tests and Kaplan-Meier curves over a results table and a sample sheet.",
            "",
            "Joins a results table (the long table of 'stats'/'batch', or a wide table such as the demo's"
                    + " patients.csv) with the sample sheet and tests every endpoint: group summaries (n, median, IQR),"
                    + " Kruskal-Wallis + Dunn (Holm), Jonckheere-Terpstra over --order, Mann-Whitney with"
                    + " Hodges-Lehmann shift and CI (--compare), Spearman (--correlate), Wilcoxon signed-rank"
                    + " (--paired), Kaplan-Meier curves with the log-rank test (--time/--event); Benjamini-Hochberg"
                    + " across endpoints per test.",
            "Writes OUTDIR/tests.csv, summary.csv, data.csv and km_*.png / km_*.csv."})
public final class CohortCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS.csv", description = "Long statistics table or wide table.")
    Path results;

    @Option(names = "--samples", paramLabel = "SHEET.csv", description = "Sample sheet with the covariates:"
            + " comma-, semicolon- or tab-separated text, or an Excel .xlsx workbook (its first sheet).")
    Path sheet;

    @Option(names = "--by", paramLabel = "COL", description = "Grouping column (e.g. stage).")
    String by;

    @Option(names = "--by-fallback", paramLabel = "COL",
            description = "Column used where --by is empty (e.g. diagnosis for MGUS patients without a stage).")
    String byFallback;

    @Option(names = "--order", paramLabel = "G1,G2,...", split = ",",
            description = "Order of the --by groups; enables the Jonckheere-Terpstra trend test.")
    List<String> order = new ArrayList<>();

    @Option(names = "--endpoint", paramLabel = "COL", description = "Endpoint column(s) (default: every numeric"
            + " result column).")
    List<String> endpoints = new ArrayList<>();

    @Option(names = "--compare", paramLabel = "COL=A:B", description = "Mann-Whitney A vs B within COL, e.g."
            + " diagnosis=MM:MGUS (repeatable).")
    List<String> compare = new ArrayList<>();

    @Option(names = "--correlate", paramLabel = "COL", description = "Spearman of each endpoint with COL.")
    List<String> correlate = new ArrayList<>();

    @Option(names = "--paired", paramLabel = "X:Y", description = "Wilcoxon signed-rank of column X vs Y.")
    List<String> paired = new ArrayList<>();

    @Option(names = "--time", paramLabel = "COL", description = "Survival time column.")
    String time;

    @Option(names = "--event", paramLabel = "COL", description = "Event column (1 = event, 0 = censored).")
    String event;

    @Option(names = "--split", paramLabel = "COL:CUT", description = "Survival groups COL < CUT and >= CUT"
            + " (CUT a number or 'median'); default: the --by groups.")
    String split;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTDIR", description = "Output folder.")
    Path outDir;

    @Option(names = "-v", description = "Verbose (-vv: stack traces).")
    boolean[] verbose = new boolean[0];

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(results)) {
            throw new CytoException("NOT_FOUND", results.toString(), null, results + ": results table not found");
        }
        List<List<String>> pairs = new ArrayList<>();
        for (String p : paired) {
            String[] xy = p.split(":");
            if (xy.length != 2) {
                throw new CytoException("COHORT_OPTION", null, p, "--paired must look like X:Y, was '" + p + "'");
            }
            pairs.add(List.of(xy[0], xy[1]));
        }
        CohortAnalysis.Options o = new CohortAnalysis.Options(by, byFallback, order, endpoints,
                compare.stream().map(CohortAnalysis.Comparison::parse).toList(), correlate, pairs, time, event, split);
        CohortData data = CohortData.read(results, sheet);
        CohortAnalysis.Result r = write(data, o, outDir);
        PrintWriter out = spec.commandLine().getOut();
        printOmnibus(out, r);
        out.println("tables: " + outDir.resolve("tests.csv") + ", " + outDir.resolve("summary.csv"));
        out.flush();
        return CytoarrowCommand.EXIT_OK;
    }

    /** Runs the analysis and writes its tables and plots into {@code dir}. */
    static CohortAnalysis.Result write(CohortData data, CohortAnalysis.Options o, Path dir) throws IOException {
        Files.createDirectories(dir);
        CohortAnalysis.Result r = CohortAnalysis.analyse(data, o);
        r.table().writeCsv(dir.resolve("tests.csv"));
        CohortTable.of(r.table().rows().stream().filter(row -> row.test().equals("summary")).toList())
                .writeCsv(dir.resolve("summary.csv"));
        writeData(dir.resolve("data.csv"), data, r.groups(), o.by() == null ? null : "group");
        KaplanMeierPlot plot = new KaplanMeierPlot();
        for (int i = 0; i < r.survival().size(); i++) {
            CohortAnalysis.Survival s = r.survival().get(i);
            plot.writePng(s.title(), o.time(), s.names(), s.curves(), s.test().p(),
                    dir.resolve("km_" + (i + 1) + ".png"));
            writeSteps(dir.resolve("km_" + (i + 1) + ".csv"), s);
        }
        if (!r.notes().isEmpty()) {
            byte[] notes = (String.join("\n", r.notes()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            AtomicFile.writeStream(dir.resolve("notes.txt"), out -> out.write(notes));
        }
        return r;
    }

    private static void writeData(Path file, CohortData data, List<String> groups, String groupColumn) {
        StringBuilder sb = new StringBuilder();
        List<String> cols = new ArrayList<>(data.columns());
        if (groupColumn != null) {
            cols.add(groupColumn);
        }
        sb.append(String.join(",", cols.stream().map(Csv::quote).toList())).append('\n');
        for (int i = 0; i < data.rows().size(); i++) {
            List<String> line = new ArrayList<>();
            for (String c : data.columns()) {
                line.add(Csv.quote(data.rows().get(i).getOrDefault(c, "")));
            }
            if (groupColumn != null) {
                line.add(Csv.quote(groups.get(i)));
            }
            sb.append(String.join(",", line)).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFile.writeStream(file, out -> out.write(bytes));
    }

    private static void writeSteps(Path file, CohortAnalysis.Survival s) {
        StringBuilder sb = new StringBuilder("group,time,at_risk,events,censored,survival,std_error,ci_low,ci_high\n");
        for (int g = 0; g < s.names().size(); g++) {
            for (SurvivalCurve.Step st : s.curves().get(g).steps()) {
                sb.append(Csv.quote(s.names().get(g))).append(',').append(st.time()).append(',')
                        .append(st.atRisk()).append(',').append(st.events()).append(',').append(st.censored())
                        .append(',').append(StatsCommand.number(st.survival())).append(',')
                        .append(StatsCommand.number(st.standardError())).append(',')
                        .append(StatsCommand.number(st.ciLow())).append(',')
                        .append(StatsCommand.number(st.ciHigh())).append('\n');
            }
        }
        byte[] bytes = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFile.writeStream(file, out -> out.write(bytes));
    }

    private static void printOmnibus(PrintWriter out, CohortAnalysis.Result r) {
        for (CohortRow row : r.table().rows()) {
            switch (row.test()) {
                case "kruskal_wallis", "jonckheere_terpstra", "mann_whitney", "spearman", "wilcoxon_signed_rank",
                     "logrank" -> out.printf(Locale.ROOT, "%-22s %-40s %-28s p=%s  p_adj=%s%n", row.test(),
                        row.endpoint(), row.comparison(), p(row.p()), p(row.pAdj()));
                default -> {
                }
            }
        }
    }

    static String p(double p) {
        if (Double.isNaN(p)) {
            return "-";
        }
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }
}
