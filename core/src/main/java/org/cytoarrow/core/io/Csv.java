package org.cytoarrow.core.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CSV as RFC 4180 has it, for every table cytoarrow reads or writes (sample sheets, statistics, cohort and study
 * tables, events): fields separated by commas, quoted when they hold a comma, quote, CR or LF, with inner quotes
 * doubled; records end with LF or CRLF, and a quoted field may span lines.
 */
public final class Csv {
    private Csv() {
    }

    /** {@code s} as a CSV field: quoted only when needed; null is the empty field. */
    public static String quote(String s) {
        if (s == null) {
            return "";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + s.replace("\"", "\"\"") + '"';
            }
        }
        return s;
    }

    /**
     * A number as a CSV field: integral values below 10^15 without ".0", others in Java's shortest round-trip form
     * (NaN as "NaN"). Parsing it gives {@code v} back (-0.0 as 0.0).
     */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Writes one record: the fields {@linkplain #quote quoted}, separated by commas, ended by {@code \n}. */
    public static void writeRow(Writer w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(quote(fields.get(i)));
        }
        w.write('\n');
    }

    /** The records of a delimited text file, and the delimiter they were split at. */
    public record Table(List<List<String>> records, char delimiter) {
        /**
         * {@code field} of a column of numbers or text, ready for a number parser: in a semicolon-separated table
         * (what spreadsheets write as "CSV" where the decimal separator is a comma), a number written with a
         * decimal comma ("1,5") with a point ("1.5"); any other field as it is. Not for names (a sample "1,5").
         */
        public String number(String field) {
            return delimiter == ';' ? decimalPoint(field) : field;
        }
    }

    /**
     * Reads a delimited text file as spreadsheets save "CSV": its encoding is UTF-8, UTF-16 with a byte-order mark
     * (Excel's "Unicode Text"), or, when the bytes are not UTF-8, Windows-1252 (Excel's CSV on Windows, where
     * "Müller" is not UTF-8); its delimiter is {@link #delimiterOf the one its header uses}.
     *
     * @throws IOException when it cannot be read, is larger than {@code maxBytes} (checked before reading), is an
     *                     Excel 97-2003 workbook, or ends inside a quoted field
     */
    public static Table readTable(Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new IOException("it is " + size + " bytes; at most " + maxBytes + " are read");
        }
        byte[] b = Files.readAllBytes(file);
        if (b.length >= 4 && (b[0] & 0xFF) == 0xD0 && (b[1] & 0xFF) == 0xCF && (b[2] & 0xFF) == 0x11
                && (b[3] & 0xFF) == 0xE0) {
            throw new IOException("it is an Excel 97-2003 workbook (.xls); save it as .xlsx or as CSV");
        }
        String text;
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            text = new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
        } else if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            text = new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
        } else {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                text = new String(b, Charset.forName("windows-1252"));
            }
        }
        char delimiter = delimiterOf(text);
        return new Table(read(new StringReader(text), delimiter), delimiter);
    }

    /** A number written with a decimal comma: "1,5", "-0,25", "2,5E-3". */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d*,\\d+(?:[eE][+-]?\\d+)?");

    /** {@code field} with its decimal comma made a point when it is a number written with one ("1,5" is "1.5"). */
    private static String decimalPoint(String field) {
        return DECIMAL_COMMA.matcher(field).matches() ? field.replace(',', '.') : field;
    }

    /**
     * The field delimiter of a delimited text, told from its first record (a header): the one of comma, semicolon
     * and tab that occurs most often there outside quotes; a comma when none does, or on a tie with a comma.
     */
    public static char delimiterOf(String text) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        boolean started = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!quoted && (c == '\n' || c == '\r')) {
                if (started) {
                    break; // the end of the first record
                }
                continue; // blank lines before it
            }
            started = true;
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        return tabs > commas ? '\t' : ',';
    }

    /**
     * All records of a CSV text, read to its end (the reader is not closed). Blank lines are skipped.
     *
     * @throws IOException when reading fails or the text ends inside a quoted field
     */
    public static List<List<String>> read(Reader reader) throws IOException {
        return read(reader, ',');
    }

    /**
     * Like {@link #read(Reader)} with fields separated by {@code delimiter} instead of a comma: a semicolon, as
     * spreadsheets write "CSV" where the decimal separator is a comma, or a tab.
     */
    public static List<List<String>> read(Reader reader, char delimiter) throws IOException {
        BufferedReader r = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = r.read()) != -1) {
            char ch = (char) c;
            if (quoted) {
                if (ch == '"') {
                    r.mark(1);
                    int next = r.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            r.reset();
                        }
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                any = true;
            } else if (ch == delimiter) {
                row.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r') {
                    r.mark(1);
                    if (r.read() != '\n') {
                        r.reset();
                    }
                }
                if (any) {
                    row.add(field.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(ch);
                any = true;
            }
        }
        if (quoted) {
            throw new IOException("the CSV text ends inside a quoted field");
        }
        if (any) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
