package org.cytoarrow.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.io.Csv;

/**
 * A sample sheet: a CSV with a header row, one row per FCS file. Column {@code file} (required) names the file
 * by file name or by path (absolute, or relative to the sheet's folder); column {@code sample} (optional) gives
 * the sample name; every other column (tube, group, donor...) becomes metadata shown in the report.
 */
public final class SampleSheet {
    private final List<String> columns;
    private final Map<String, Map<String, String>> byFile;
    /** The rows by their file resolved against the sheet's folder (absolute, normalised). */
    private final Map<String, Map<String, String>> bySheetRelative;

    private SampleSheet(List<String> columns, Map<String, Map<String, String>> byFile,
                        Map<String, Map<String, String>> bySheetRelative) {
        this.columns = List.copyOf(columns);
        this.byFile = byFile;
        this.bySheetRelative = bySheetRelative;
    }

    /** A sheet with no rows. */
    public static SampleSheet empty() {
        return new SampleSheet(List.of(), Map.of(), Map.of());
    }

    /** The header's columns other than {@code file}, in order; empty for {@link #empty()}. */
    public List<String> columns() {
        return columns;
    }

    /** Reads {@code csv}; a missing {@code file} column or a repeated file is a {@link CytoException}. */
    public static SampleSheet read(Path csv) throws IOException {
        List<List<String>> records;
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            records = Csv.read(r);
        }
        if (records.isEmpty()) {
            throw new CytoException("SAMPLE_SHEET", csv.toString(), "line 1", csv + ": sample sheet is empty");
        }
        List<String> header = new ArrayList<>();
        for (String h : records.get(0)) {
            header.add(h.strip().replace("\uFEFF", ""));
        }
        int fileCol = header.indexOf("file");
        if (fileCol < 0) {
            throw new CytoException("SAMPLE_SHEET", csv.toString(), "line 1",
                    csv + ": sample sheet needs a 'file' column; header is " + header);
        }
        Map<String, Map<String, String>> byFile = new LinkedHashMap<>();
        Map<String, Map<String, String>> bySheetRelative = new LinkedHashMap<>();
        Path folder = csv.toAbsolutePath().normalize().getParent();
        for (int i = 1; i < records.size(); i++) {
            List<String> rec = records.get(i);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                if (c != fileCol) {
                    row.put(header.get(c), c < rec.size() ? rec.get(c).strip() : "");
                }
            }
            String file = fileCol < rec.size() ? rec.get(fileCol).strip() : "";
            if (file.isEmpty()) {
                throw new CytoException("SAMPLE_SHEET", csv.toString(), "line " + (i + 1),
                        csv + ": line " + (i + 1) + " has an empty 'file'");
            }
            Map<String, String> fixed = Collections.unmodifiableMap(row);
            boolean repeated = byFile.put(file, fixed) != null;
            try {
                repeated |= folder != null
                        && bySheetRelative.put(folder.resolve(file).normalize().toString(), fixed) != null;
            } catch (InvalidPathException e) {
                // not a path on this system: found by its text or file name only
            }
            if (repeated) {
                throw new CytoException("SAMPLE_SHEET", csv.toString(), "line " + (i + 1),
                        csv + ": line " + (i + 1) + " repeats file '" + file + "'");
            }
        }
        List<String> columns = new ArrayList<>(header);
        columns.remove(fileCol);
        return new SampleSheet(columns, byFile, bySheetRelative);
    }

    /**
     * The sheet's columns for {@code file}: looked up by the path as given, its absolute form, the sheet's paths
     * taken relative to the sheet's folder, then its file name; empty when the sheet does not list it.
     */
    public Map<String, String> lookup(Path file) {
        Map<String, String> row = byFile.get(file.toString());
        String absolute = file.toAbsolutePath().normalize().toString();
        if (row == null) {
            row = byFile.get(absolute);
        }
        if (row == null) {
            row = bySheetRelative.get(absolute);
        }
        if (row == null) {
            row = byFile.get(file.getFileName().toString());
        }
        return row == null ? Map.of() : row;
    }
}
