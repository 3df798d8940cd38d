package org.cytoarrow.core;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.cytoarrow.core.io.Csv;

/**
 * A sample sheet: a CSV (RFC 4180 quoting, header row) with one row per FCS file; column {@code file} names the
 * file (a file name, or a path: absolute or relative to the sheet's folder), the other columns describe it
 * (sample name, patient, tube, diagnosis, stage, covariates). Immutable. The one reader of sample sheets: the
 * batch, the demo's study workflow and the cohort join all use it.
 */
public final class SampleSheet {
    /** The column naming the file. */
    public static final String FILE = "file";

    private final Path source;
    private final List<String> columns;
    private final List<Map<String, String>> rows;
    /** Rows by their {@code file} as written. */
    private final Map<String, Map<String, String>> byText = new HashMap<>();
    /** Rows by their {@code file} resolved against the sheet's folder (absolute, normalised). */
    private final Map<String, Map<String, String>> byResolved = new HashMap<>();
    /**
     * Rows whose {@code file} is an absolute Windows path (a drive letter or a share) read on another system, by
     * its last name when no other such row has that name: a sheet written on the acquisition PC, used on a server.
     */
    private final Map<String, Map<String, String>> byWindowsName = new HashMap<>();
    /** Rows by the real path of the file they name, for those that exist; built on the first lookup needing it. */
    private Map<Path, Map<String, String>> byReal;
    /** Index of the first row naming a file an earlier row names (as written or resolved), or -1. */
    private final int repeat;

    private SampleSheet(Path source, List<String> columns, List<Map<String, String>> rows) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
        Path folder = source == null ? null : source.toAbsolutePath().normalize().getParent();
        int firstRepeat = -1;
        for (int i = 0; i < this.rows.size(); i++) {
            String f = this.rows.get(i).getOrDefault(FILE, "");
            if (f.isEmpty()) {
                continue;
            }
            boolean repeated = byText.putIfAbsent(f, this.rows.get(i)) != null;
            String local = local(f);
            try {
                repeated |= folder != null && byResolved.putIfAbsent(folder.resolve(local).normalize().toString(),
                        this.rows.get(i)) != null;
            } catch (InvalidPathException e) {
                // not a path on this system: found by its text or file name only
            }
            if (WINDOWS_ABSOLUTE.matcher(local).find() && File.separatorChar == '/') {
                String name = local.substring(local.lastIndexOf('/') + 1);
                byWindowsName.merge(name, this.rows.get(i), (a, b) -> AMBIGUOUS);
            }
            if (repeated && firstRepeat < 0) {
                firstRepeat = i;
            }
        }
        this.repeat = firstRepeat;
    }

    /** A sheet with no rows (and the {@code file} column only). */
    public static SampleSheet empty() {
        return new SampleSheet(null, List.of(FILE), List.of());
    }

    /**
     * A sheet from rows in memory (each with the same keys, {@code file} among them).
     *
     * @throws IllegalArgumentException when two rows name the same file
     */
    public static SampleSheet of(Path folder, List<Map<String, String>> rows) {
        List<String> cols = rows.isEmpty() ? List.of(FILE) : List.copyOf(rows.get(0).keySet());
        List<Map<String, String>> copy = new ArrayList<>();
        for (Map<String, String> r : rows) {
            copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(r)));
        }
        SampleSheet sheet = new SampleSheet(folder == null ? null : folder.resolve("sheet.csv"), cols, copy);
        if (sheet.repeat >= 0) {
            throw new IllegalArgumentException("row " + (sheet.repeat + 1) + " repeats file '"
                    + copy.get(sheet.repeat).get(FILE) + "'");
        }
        return sheet;
    }

    /**
     * Reads a sheet. Its fields are separated by commas, by semicolons (as spreadsheets write "CSV" where the
     * decimal separator is a comma) or by tabs, whichever its header line uses most; in a semicolon-separated sheet
     * a field that is a number with a decimal comma ("1,5") is read with a point ("1.5"), except in the
     * {@code file} and {@code sample} columns, which are names. {@link Csv#readTable} says which encodings are
     * read. An Excel workbook (.xlsx, whatever its name) is read from its first worksheet, each cell
     * as Excel shows it (see {@link Workbooks}).
     *
     * @param csv      the sheet: a delimited text file or an .xlsx workbook
     * @param required columns the sheet must have (say {@link #FILE})
     * @throws CytoException (code {@code SAMPLE_SHEET}) when it is empty, lacks a required column, a line has more
     *                       fields than the header, or two rows name the same file (as written, or resolved)
     */
    public static SampleSheet read(Path csv, String... required) {
        List<List<String>> records;
        UnaryOperator<String> number = UnaryOperator.identity(); // a workbook's cells are as Excel shows them
        try {
            if (Workbooks.isWorkbook(csv)) {
                records = Workbooks.firstSheet(csv);
            } else {
                Csv.Table table = Csv.readTable(csv, MAX_BYTES);
                number = table::number;
                records = table.records();
            }
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
        for (String c : required) {
            if (!header.contains(c)) {
                throw new CytoException("SAMPLE_SHEET", csv.toString(), "line 1", csv + ": sample sheet needs a '"
                        + c + "' column; header is " + header);
            }
        }
        List<Map<String, String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
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
                String v = c < rec.size() ? rec.get(c).strip() : "";
                boolean name = header.get(c).equals(FILE) || header.get(c).equals("sample");
                row.put(header.get(c), name ? v : number.apply(v));
            }
            rows.add(Collections.unmodifiableMap(row));
            lines.add(i + 1);
        }
        SampleSheet sheet = new SampleSheet(csv.toAbsolutePath(), header, rows);
        if (sheet.repeat >= 0) {
            int line = lines.get(sheet.repeat);
            throw new CytoException("SAMPLE_SHEET", csv.toString(), "line " + line, csv + ": line " + line
                    + " repeats file '" + rows.get(sheet.repeat).get(FILE) + "'");
        }
        return sheet;
    }

    /** The largest sample sheet read: far more than a sheet of 100,000 files needs. */
    static final long MAX_BYTES = 64L << 20;

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
     * The row describing {@code file}, looked up by the path as given, its absolute form, the sheet's paths
     * resolved against the sheet's folder (a backslash read as a separator), the real path (links resolved) of
     * both, then its file name: it finds rows whose {@code file} is a bare file name, and, when no other such row
     * has the name, one whose {@code file} is an absolute Windows path read on another system. Empty when the sheet
     * does not list it.
     */
    public Optional<Map<String, String>> rowFor(Path file) {
        Map<String, String> row = byText.get(file.toString());
        String absolute = file.toAbsolutePath().normalize().toString();
        if (row == null) {
            row = byText.get(absolute);
        }
        if (row == null) {
            row = byResolved.get(absolute);
        }
        if (row == null) {
            row = byRealPath(file);
        }
        if (row == null && file.getFileName() != null) {
            row = byText.get(file.getFileName().toString());
        }
        if (row == null && file.getFileName() != null) {
            row = byWindowsName.get(file.getFileName().toString());
            row = row == AMBIGUOUS ? null : row;
        }
        return Optional.ofNullable(row);
    }

    /**
     * The row naming the file {@code file} really is, when a symbolic link stands between them (the batch found
     * {@code staged/A01.fcs}, a link, and the sheet names {@code /data/run1/A01.fcs}); null when none does or the file
     * does not exist.
     */
    private Map<String, String> byRealPath(Path file) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException | SecurityException e) {
            return null;
        }
        synchronized (this) {
            if (byReal == null) {
                byReal = new HashMap<>();
                for (Map<String, String> row : rows) {
                    String f = row.getOrDefault(FILE, "");
                    try {
                        if (!f.isEmpty()) {
                            byReal.putIfAbsent(fileOf(row).toRealPath(), row);
                        }
                    } catch (IOException | InvalidPathException | SecurityException e) {
                        // names no existing file: found by its text or file name only
                    }
                }
            }
            return byReal.get(real);
        }
    }

    /** An absolute Windows path once its backslashes are slashes: a drive ({@code C:/}) or a share ({@code //}). */
    private static final Pattern WINDOWS_ABSOLUTE = Pattern.compile("^(?:[A-Za-z]:/|//)");
    /** Stands for several rows in {@link #byWindowsName}. */
    private static final Map<String, String> AMBIGUOUS = Collections.unmodifiableMap(new HashMap<>());

    /**
     * {@code file} as a path of this system: on one whose separator is a slash, a backslash (the Windows separator,
     * in a sheet written there) is one too.
     */
    private static String local(String file) {
        return File.separatorChar == '/' ? file.replace('\\', '/') : file;
    }

    /** The file a row names, resolved against the sheet's folder (backslashes read as separators, see above). */
    public Path fileOf(Map<String, String> row) {
        Path f = Path.of(local(row.get(FILE)));
        return source == null || source.getParent() == null || f.isAbsolute() ? f : source.getParent().resolve(f);
    }
}
