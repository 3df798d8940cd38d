package org.cytoarrow.gating.workflow;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.io.Csv;

/**
 * A study's sample sheet: a CSV (RFC 4180 quoting, header row) with one row per FCS file; column {@code file}
 * names the file (a path relative to the sheet's folder, or a file name), the other columns describe it
 * (patient, tube, diagnosis, stage, covariates). Immutable.
 *
 * <p>The library's own reader: {@code org.cytoarrow.batch.SampleSheet} lives in the cli module, which the gating
 * module cannot depend on.
 */
public final class StudySheet {
    /** The column naming the file. */
    public static final String FILE = "file";

    private final Path source;
    private final List<String> columns;
    private final List<Map<String, String>> rows;

    private StudySheet(Path source, List<String> columns, List<Map<String, String>> rows) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
    }

    /** A sheet from rows in memory (each with the same keys, {@code file} among them). */
    public static StudySheet of(Path folder, List<Map<String, String>> rows) {
        List<String> cols = rows.isEmpty() ? List.of(FILE) : List.copyOf(rows.get(0).keySet());
        List<Map<String, String>> copy = new ArrayList<>();
        for (Map<String, String> r : rows) {
            copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(r)));
        }
        return new StudySheet(folder == null ? null : folder.resolve("sheet.csv"), cols, copy);
    }

    /**
     * Reads a sheet.
     *
     * @throws CytoException (code {@code SAMPLE_SHEET}) when it is empty, lacks a {@code file} column or a line has
     *                       more fields than the header
     */
    public static StudySheet read(Path csv) {
        List<List<String>> records;
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            records = Csv.read(r);
        } catch (IOException e) {
            throw new CytoException("SAMPLE_SHEET", csv.toString(), null, csv + ": cannot read: " + e.getMessage(), e);
        }
        if (records.isEmpty()) {
            throw new CytoException("SAMPLE_SHEET", csv.toString(), "line 1", csv + ": sample sheet is empty");
        }
        List<String> header = new ArrayList<>();
        for (String h : records.get(0)) {
            header.add(h.replace("\uFEFF", "").strip());
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> rec = records.get(i);
            if (rec.size() == 1 && rec.get(0).isBlank()) {
                continue;
            }
            if (rec.size() > header.size()) {
                throw new CytoException("SAMPLE_SHEET", csv.toString(), "line " + (i + 1), csv + ": line " + (i + 1)
                        + " has " + rec.size() + " fields, the header " + header.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), c < rec.size() ? rec.get(c).strip() : "");
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        return new StudySheet(csv.toAbsolutePath(), header, rows);
    }

    /** Column names in file order. */
    public List<String> columns() {
        return columns;
    }

    /** Rows in file order (column name to text). */
    public List<Map<String, String>> rows() {
        return rows;
    }

    /** Whether the sheet has a column. */
    public boolean has(String column) {
        return columns.contains(column);
    }

    /**
     * The row describing {@code file}: its {@code file} entry equals the path relative to the sheet's folder, the
     * path as given, or the file name.
     */
    public Optional<Map<String, String>> rowFor(Path file) {
        if (!has(FILE)) {
            return Optional.empty();
        }
        Path abs = file.toAbsolutePath().normalize();
        String name = file.getFileName().toString();
        for (Map<String, String> r : rows) {
            String f = r.get(FILE);
            if (f.isEmpty()) {
                continue;
            }
            if (source != null && source.getParent() != null
                    && source.getParent().resolve(f).toAbsolutePath().normalize().equals(abs)) {
                return Optional.of(r);
            }
            if (f.equals(file.toString()) || Path.of(f).getFileName().toString().equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The file a row names, resolved against the sheet's folder. */
    public Path fileOf(Map<String, String> row) {
        Path f = Path.of(row.get(FILE));
        return source == null || source.getParent() == null || f.isAbsolute() ? f : source.getParent().resolve(f);
    }
}
