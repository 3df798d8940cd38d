package org.cytoarrow.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CsvTest {
    private static List<List<String>> read(String text) throws IOException {
        return Csv.read(new StringReader(text));
    }

    @Test
    void rfc4180Examples() throws IOException {
        // RFC 4180 section 2, rules 1-7, written by hand
        assertEquals(List.of(List.of("aaa", "bbb", "ccc"), List.of("zzz", "yyy", "xxx")),
                read("aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n"));
        assertEquals(List.of(List.of("aaa", "bbb", "ccc"), List.of("zzz", "yyy", "xxx")),
                read("aaa,bbb,ccc\nzzz,yyy,xxx"));
        assertEquals(List.of(List.of("aaa", "b\r\nbb", "ccc"), List.of("zzz", "yyy", "xxx")),
                read("\"aaa\",\"b\r\nbb\",\"ccc\"\r\nzzz,yyy,xxx"));
        assertEquals(List.of(List.of("aaa", "b\"bb", "ccc")), read("\"aaa\",\"b\"\"bb\",\"ccc\""));
        assertEquals(List.of(List.of("", "", "")), read(",,\n"));
        assertEquals(List.of(List.of("")), read("\"\"\n"));
        assertEquals(List.of(List.of("a"), List.of("b")), read("a\r\rb\n\n\n"), "blank lines are skipped");
        assertEquals(List.of(List.of("a", "b")), read("a,b\r"), "a lone CR ends a record too");
    }

    @Test
    void quotesOnlyWhenNeeded() {
        assertEquals("", Csv.quote(null));
        assertEquals("plain text; 1.5", Csv.quote("plain text; 1.5"));
        assertEquals("\"a,b\"", Csv.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.quote("say \"hi\""));
        assertEquals("\"two\nlines\"", Csv.quote("two\nlines"));
        assertEquals("\"cr\r\"", Csv.quote("cr\r"));
    }

    @Test
    void whatIsWrittenReadsBackUnchanged() throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        String alphabet = "ab ,\"\n\r;µ\u00e9\u4e2d";
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            List<String> row = new ArrayList<>();
            int n = 1 + r.nextInt(6);
            for (int f = 0; f < n; f++) {
                StringBuilder s = new StringBuilder();
                for (int k = r.nextInt(8); k > 0; k--) {
                    s.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
                row.add(s.toString());
            }
            if (n == 1 && row.get(0).isEmpty()) {
                row.set(0, "x"); // a record of one empty field is written as a blank line, which reads as none
            }
            rows.add(row);
        }
        StringWriter w = new StringWriter();
        for (List<String> row : rows) {
            Csv.writeRow(w, row);
        }
        assertEquals(rows, read(w.toString()));
    }

    @Test
    void anUnterminatedQuoteIsAnError() {
        IOException e = assertThrows(IOException.class, () -> read("a,\"b\nc,d\n"));
        assertTrue(e.getMessage().contains("inside a quoted field"), e.getMessage());
    }

    @Test
    void theDelimiterIsTheOneTheHeaderUsesMost() throws IOException {
        assertEquals(',', Csv.delimiterOf("file,patient,dose\nA.fcs,P1,1\n"));
        assertEquals(';', Csv.delimiterOf("\n\nfile;patient;dose\nA.fcs;P1;1,5\n"), "blank lines first");
        assertEquals('\t', Csv.delimiterOf("file\tpatient\r\nA.fcs\tP1\r\n"));
        assertEquals(',', Csv.delimiterOf("\"file;name\",patient\nA.fcs,P1\n"), "a quoted semicolon does not count");
        assertEquals(',', Csv.delimiterOf("file\nA;1.fcs\n"), "one column: only the header counts");
        assertEquals(',', Csv.delimiterOf(""));
        assertEquals(List.of(List.of("file", "dose"), List.of("A.fcs", "1,5"), List.of("B;C.fcs", "2")),
                Csv.read(new StringReader("file;dose\nA.fcs;1,5\n\"B;C.fcs\";2\n"), ';'));
    }
}
