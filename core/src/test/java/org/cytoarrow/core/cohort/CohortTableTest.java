package org.cytoarrow.core.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cytoarrow.core.CytoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CohortTableTest {

    @Test
    void summariesAndTestsBecomeCsvRows(@TempDir Path dir) throws IOException {
        GroupSummary r = GroupSummary.of("R", new double[] {1, 2, 3, 4});
        GroupSummary nr = GroupSummary.of("NR", new double[] {5, 6, 7, Double.NaN});
        MannWhitney.Result mw = MannWhitney.test(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7});
        CohortTable t = CohortTable.of("CD138+, freq_parent", "response", List.of(r, nr))
                .plus(CohortTable.of(mw.rows("CD138+, freq_parent", "response", "R", "NR")));
        Path out = dir.resolve("sub/cohort.csv");
        t.writeCsv(out);
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(CohortTable.HEADER, lines.get(0));
        // Group summary by hand: 1..4 -> median 2.5, type 7 quartiles 1.75 and 3.25; NR drops the NaN: 5, 6, 7.
        assertEquals("\"CD138+, freq_parent\",response,R,summary,,,,2.5,1.75,3.25,4", lines.get(1));
        assertEquals("\"CD138+, freq_parent\",response,NR,summary,,,,6.0,5.5,6.5,3", lines.get(2));
        // Complete separation 4 vs 3, by hand: U = 0, exact two-sided p = 2 / C(7, 3) = 2/35; the 12 differences
        // x - y sorted are -6 -5 -5 -4 -4 -4 -3 -3 -3 -2 -2 -1, shift = (-4 - 3)/2 = -3.5; P(U <= 0) = 1/35 > 0.025,
        // so C = 1 and the 95% interval is [D(1), D(12)] = [-6, -1].
        assertEquals("\"CD138+, freq_parent\",response,R vs NR,mann_whitney,0.0," + (2.0 / 35) + ",,-3.5,-6.0,-1.0,7",
                lines.get(3));
        try (var files = Files.list(out.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void benjaminiHochbergFillsOnlyMissingAdjustments() {
        List<CohortRow> rows = List.of(
                new CohortRow("a", "g", "x vs y", "mann_whitney", 1, 0.01, Double.NaN, 0, 0, 0, 10),
                new CohortRow("b", "g", "x vs y", "mann_whitney", 1, 0.04, Double.NaN, 0, 0, 0, 10),
                new CohortRow("c", "g", "x vs y", "dunn", 1, 0.03, 0.09, 0, 0, 0, 10),
                new CohortRow("d", "g", "all", "summary", Double.NaN, Double.NaN, Double.NaN, 1, 0, 2, 10));
        CohortTable t = CohortTable.of(rows).adjustBenjaminiHochberg("mann_whitney");
        // By hand: m = 2, sorted 0.01, 0.04 -> 0.02, 0.04.
        assertEquals(0.02, t.rows().get(0).pAdj(), 1e-15);
        assertEquals(0.04, t.rows().get(1).pAdj(), 1e-15);
        assertEquals(0.09, t.rows().get(2).pAdj(), 0, "Dunn's Holm adjustment is kept");
        assertTrue(Double.isNaN(t.rows().get(3).pAdj()));
    }

    @Test
    void unwritablePathIsACytoException(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        CytoException e = assertThrows(CytoException.class,
                () -> CohortTable.of(List.of()).writeCsv(file.resolve("cohort.csv")));
        assertEquals("WRITE_FAILED", e.code());
        assertTrue(e.getMessage().contains("cohort.csv"), e.getMessage());
    }
}
