package org.cytoarrow.gating.workflow;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cytoarrow.core.io.AtomicFile;
import org.cytoarrow.core.io.Csv;

/**
 * Writes the study tables as CSV (atomically): the per-sample population table, the per-patient table and the
 * derived thresholds. Numbers are written with {@link Double#toString} (round-trip exact); NaN as an empty field.
 */
public final class StudyTables {
    private StudyTables() {
    }

    /**
     * One row per sample and population: sample, patient, tube, population, count, freq_parent, freq_total,
     * then one column per other statistic and channel ({@code median APC-A}, threshold columns).
     */
    public static void writeSamples(Path target, List<StudyWorkflow.SampleResult> results) {
        Set<String> extra = new LinkedHashSet<>();
        for (StudyWorkflow.SampleResult r : results) {
            for (SampleStatistics.Row row : r.rows()) {
                if (!row.channel().isEmpty()) {
                    extra.add(column(row));
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("sample", "patient", "tube", "population", "count",
                "freq_parent", "freq_total"));
        header.addAll(extra);
        List<List<String>> lines = new ArrayList<>();
        for (StudyWorkflow.SampleResult r : results) {
            Map<String, Map<String, Double>> byPop = new LinkedHashMap<>();
            for (SampleStatistics.Row row : r.rows()) {
                byPop.computeIfAbsent(row.population(), k -> new LinkedHashMap<>())
                        .put(row.channel().isEmpty() ? row.statistic() : column(row), row.value());
            }
            for (Map.Entry<String, Map<String, Double>> e : byPop.entrySet()) {
                List<String> line = new ArrayList<>(List.of(r.sample(), r.patient(), r.tube(), e.getKey()));
                for (String h : header.subList(4, header.size())) {
                    line.add(number(e.getValue().get(h)));
                }
                lines.add(line);
            }
        }
        write(target, header, lines);
    }

    private static String column(SampleStatistics.Row row) {
        return row.statistic() + " " + row.channel();
    }

    /**
     * One row per patient: patient, the covariates, the endpoints, then per threshold its control, population,
     * percentile and event count ({@code <rule>_threshold_control} ...).
     */
    public static void writePatients(Path target, List<StudyWorkflow.PatientRow> rows) {
        Set<String> covariates = new LinkedHashSet<>();
        Set<String> endpoints = new LinkedHashSet<>();
        Set<String> rules = new LinkedHashSet<>();
        for (StudyWorkflow.PatientRow r : rows) {
            covariates.addAll(r.covariates().keySet());
            endpoints.addAll(r.endpoints().keySet());
            r.thresholds().forEach(t -> rules.add(t.rule()));
        }
        List<String> header = new ArrayList<>();
        header.add("patient");
        header.addAll(covariates);
        header.addAll(endpoints);
        for (String rule : rules) {
            header.addAll(List.of(rule + "_threshold_control", rule + "_threshold_population",
                    rule + "_threshold_percentile", rule + "_threshold_events"));
        }
        List<List<String>> lines = new ArrayList<>();
        for (StudyWorkflow.PatientRow r : rows) {
            List<String> line = new ArrayList<>();
            line.add(r.patient());
            covariates.forEach(c -> line.add(r.covariates().getOrDefault(c, "")));
            endpoints.forEach(e -> line.add(number(r.endpoints().get(e))));
            for (String rule : rules) {
                DerivedThreshold t = r.thresholds().stream().filter(d -> d.rule().equals(rule)).findFirst()
                        .orElse(null);
                if (t == null) {
                    line.addAll(List.of("", "", "", ""));
                } else {
                    line.addAll(List.of(t.control(), t.population(), number(t.percentile()),
                            Integer.toString(t.events())));
                }
            }
            lines.add(line);
        }
        write(target, header, lines);
    }

    /** One row per derived threshold: sample it was applied to, rule, control, population, gate, boundary, ... */
    public static void writeThresholds(Path target, List<StudyWorkflow.SampleResult> results) {
        List<String> header = List.of("sample", "patient", "rule", "control", "population", "gate", "boundary",
                "percentile", "value", "events");
        List<List<String>> lines = new ArrayList<>();
        for (StudyWorkflow.SampleResult r : results) {
            for (DerivedThreshold t : r.thresholds()) {
                lines.add(List.of(r.sample(), r.patient(), t.rule(), t.control(), t.population(), t.gateId(),
                        t.boundary(), number(t.percentile()), number(t.value()), Integer.toString(t.events())));
            }
        }
        write(target, header, lines);
    }

    static String number(Double v) {
        if (v == null || v.isNaN()) {
            return "";
        }
        double d = v;
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    static void write(Path target, List<String> header, List<List<String>> lines) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot create the folder of " + target, e);
        }
        AtomicFile.writeStream(target, out -> {
            Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            Csv.writeRow(w, header);
            for (List<String> l : lines) {
                Csv.writeRow(w, l);
            }
            w.flush();
        });
    }
}
