package org.cytoarrow.core;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;

/**
 * The first worksheet of an Excel workbook (.xlsx, Office Open XML) as text records, for {@link SampleSheet}: each
 * cell as a lab would read it on screen, not as Excel stores it. Numbers in plain decimal notation without a
 * trailing ".0" ({@code 1}, {@code 0.25}); date cells as ISO dates ({@code 2024-03-01}, with the time when it is not
 * midnight); {@code TRUE}/{@code FALSE}; a formula's last computed value; error values ({@code #N/A}) and empty
 * cells as empty fields.
 */
final class Workbooks {
    /** The most that the parts of a workbook may unpack to: a sheet's few kilobytes with room to spare. */
    static final long MAX_UNPACKED = 512L << 20;

    /** Built-in number formats that show dates or times (ECMA-376 part 1, 18.8.30). */
    private static final Set<Integer> DATE_FORMATS = Set.of(14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47);
    /** Quoted text, escaped characters and [colour]/[locale] sections of a format code, which show no date part. */
    private static final Pattern NOT_DATE_PART = Pattern.compile("\"[^\"]*\"|\\\\.|\\[[^\\]]*\\]");
    private static final Pattern DATE_PART = Pattern.compile("[dDyYhHsS]|mmm|MMM");

    private Workbooks() {
    }

    /** Whether {@code file} starts like a zip archive, as an .xlsx workbook does. */
    static boolean isWorkbook(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    /**
     * The records of the workbook's first sheet, rows in order; a missing row or cell is an empty one.
     *
     * @throws IOException when it is not a workbook, unpacks to more than {@link #MAX_UNPACKED} bytes, or cannot
     *                     be read
     */
    static List<List<String>> firstSheet(Path file) throws IOException {
        checkUnpackedSize(file);
        List<List<String>> records = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(file.toFile(), new ReadingOptions(true, false));
             var rows = wb.getFirstSheet().openStream()) {
            for (Row row : (Iterable<Row>) rows::iterator) {
                while (records.size() < row.getRowNum() - 1) {
                    records.add(List.of("")); // a blank row: skipped like a blank line of a CSV text
                }
                List<String> fields = new ArrayList<>();
                for (int c = 0; c < row.getCellCount(); c++) {
                    fields.add(text(row.getCell(c)));
                }
                while (!fields.isEmpty() && fields.get(fields.size() - 1).isEmpty()) {
                    fields.remove(fields.size() - 1);
                }
                records.add(fields.isEmpty() ? List.of("") : fields);
            }
        } catch (RuntimeException e) { // the reader's way of saying the XML or the zip is broken
            throw new IOException("not a readable Excel workbook: " + e.getMessage(), e);
        }
        return records;
    }

    /** Refuses a zip whose entries say they unpack to more than {@link #MAX_UNPACKED} bytes (a zip bomb). */
    private static void checkUnpackedSize(Path file) throws IOException {
        long total = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                long size = e.nextElement().getSize();
                total += Math.max(size, 0);
                if (size < 0 || total > MAX_UNPACKED) {
                    throw new IOException("its parts unpack to more than " + MAX_UNPACKED + " bytes, or do not say"
                            + " how much; a sample sheet needs far less");
                }
            }
        }
    }

    private static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        switch (cell.getType()) {
            case STRING:
                return cell.asString();
            case BOOLEAN:
                return Boolean.TRUE.equals(cell.asBoolean()) ? "TRUE" : "FALSE";
            case NUMBER:
                return isDate(cell) ? date(cell.asDate()) : plain(cell.asNumber());
            case FORMULA: // the value Excel computed when it saved the file
                String raw = cell.getRawValue();
                if (raw == null) {
                    return "";
                }
                try {
                    return isDate(cell) ? date(cell.asDate()) : plain(new BigDecimal(raw));
                } catch (RuntimeException notANumber) {
                    return raw;
                }
            default: // EMPTY, ERROR (#N/A, #DIV/0!...): no value
                return "";
        }
    }

    private static boolean isDate(Cell cell) {
        Integer id = cell.getDataFormatId();
        if (id != null && DATE_FORMATS.contains(id)) {
            return true;
        }
        String format = cell.getDataFormatString();
        return format != null && DATE_PART.matcher(NOT_DATE_PART.matcher(format).replaceAll("")).find();
    }

    private static String date(LocalDateTime t) {
        return t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? t.toLocalDate().toString() : t.toString();
    }

    private static String plain(BigDecimal v) {
        String s = v.stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
