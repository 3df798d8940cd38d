package org.cytoarrow.gating.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cytoarrow.core.cohort.CohortRow;
import org.cytoarrow.core.cohort.JonckheereTerpstra;
import org.cytoarrow.core.cohort.KruskalWallis;
import org.cytoarrow.core.cohort.MannWhitney;
import org.cytoarrow.core.cohort.MultipleTesting;
import org.cytoarrow.core.cohort.Spearman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cohort analysis lays out the core tests over a joined table: each row must equal the test run by hand on the
 * values the table holds for each group (grouping, missing values and the fallback column done by hand below).
 */
class CohortAnalysisTest {
    private static final String WIDE = "patient,il6,apo\n"
            + "A,1.0,50\nB,2.0,48\nC,5.0,30\nD,6.0,\nE,9.0,20\nF,8.5,25\nG,12,10\nH,11,12\n";
    private static final String SHEET = "patient,tube,file,diagnosis,stage,age\n"
            + "A,stained,A_s.fcs,MGUS,,60\nA,isotype,A_i.fcs,MGUS,,60\n"
            + "B,stained,B_s.fcs,MGUS,,70\nC,stained,C_s.fcs,MM,I,55\nD,stained,D_s.fcs,MM,I,65\n"
            + "E,stained,E_s.fcs,MM,II,50\nF,stained,F_s.fcs,MM,II,75\nG,stained,G_s.fcs,MM,III,80\n"
            + "H,stained,H_s.fcs,MM,III,58\n";

    private static CohortData data(Path dir) throws IOException {
        Path results = Files.writeString(dir.resolve("patients.csv"), WIDE);
        Path sheet = Files.writeString(dir.resolve("sheet.csv"), SHEET);
        return CohortData.read(results, sheet);
    }

    @Test
    void groupTestsEqualTheCoreTestsOnTheGroupedValues(@TempDir Path dir) throws IOException {
        CohortData d = data(dir);
        // Endpoint candidates are the results' numeric columns; the key and the sheet's columns are not.
        assertEquals(List.of("il6", "apo"), d.numericResultColumns());
        CohortAnalysis.Options o = new CohortAnalysis.Options("stage", "diagnosis", List.of("MGUS", "I", "II", "III"),
                List.of("il6", "apo"), List.of(CohortAnalysis.Comparison.parse("diagnosis=MM:MGUS")), List.of("age"),
                List.of(List.of("il6", "apo")), null, null, null);
        CohortAnalysis.Result r = CohortAnalysis.analyse(d, o);
        List<String> g = List.of("MGUS", "I", "II", "III");
        // By hand: MGUS (no stage -> diagnosis) = A, B; I = C, D; II = E, F; III = G, H.
        KruskalWallis.Result kwIl6 = KruskalWallis.test(g, List.of(new double[] {1, 2}, new double[] {5, 6},
                new double[] {9, 8.5}, new double[] {12, 11}));
        // apo: D is missing, left out.
        KruskalWallis.Result kwApo = KruskalWallis.test(g, List.of(new double[] {50, 48}, new double[] {30},
                new double[] {20, 25}, new double[] {10, 12}));
        CohortRow kw = r.find("il6", "kruskal_wallis", "all");
        assertEquals(kwIl6.h(), kw.statistic(), 1e-12);
        assertEquals(kwIl6.p(), kw.p(), 1e-12);
        double[] bh = MultipleTesting.benjaminiHochberg(new double[] {kwIl6.p(), kwApo.p()});
        assertEquals(bh[0], kw.pAdj(), 1e-12);
        assertEquals(bh[1], r.find("apo", "kruskal_wallis", "all").pAdj(), 1e-12);
        assertEquals(JonckheereTerpstra.test(g, List.of(new double[] {1, 2}, new double[] {5, 6},
                new double[] {9, 8.5}, new double[] {12, 11})).p(), r.find("il6", "jonckheere_terpstra", null).p(),
                1e-12);
        MannWhitney.Result mw = MannWhitney.test(new double[] {5, 6, 9, 8.5, 12, 11}, new double[] {1, 2});
        CohortRow m = r.find("il6", "mann_whitney", "MM vs MGUS");
        assertEquals(mw.shift(), m.estimate(), 1e-12);
        assertEquals(mw.p(), m.p(), 1e-12);
        CohortRow summary = r.find("il6", "summary", "I");
        assertEquals(5.5, summary.estimate(), 1e-12);
        assertEquals(2, summary.n());
        assertEquals(Spearman.test(new double[] {60, 70, 55, 65, 50, 75, 80, 58},
                new double[] {1, 2, 5, 6, 9, 8.5, 12, 11}).rho(), r.find("il6", "spearman", null).statistic(), 1e-12);
        assertNotNull(r.find("il6 - apo", "wilcoxon_signed_rank", null));
        assertNull(r.find("il6", "logrank", null));
    }

    @Test
    void longTableIsPivotedAndJoinedByFileName(@TempDir Path dir) throws IOException {
        Path longTable = Files.writeString(dir.resolve("stats.csv"), "sample,population,channel,statistic,value\n"
                + "A_s,/Cells,,count,10\nA_s,/Cells,APC-A,median,0.5\nC_s,/Cells,,count,20\n"
                + "C_s,/Cells,APC-A,median,0.7\n");
        Path sheet = Files.writeString(dir.resolve("sheet.csv"), SHEET);
        CohortData d = CohortData.read(longTable, sheet);
        assertEquals(List.of("/Cells count", "/Cells median APC-A"), d.numericResultColumns());
        assertEquals(List.of("MGUS", "MM"), d.texts("diagnosis"));
        CohortAnalysis.Result r = CohortAnalysis.analyse(d, CohortAnalysis.Options.by("diagnosis"));
        // Two groups and no --compare: the two groups are compared.
        assertEquals(MannWhitney.test(new double[] {10}, new double[] {20}).p(),
                r.find("/Cells count", "mann_whitney", "MGUS vs MM").p(), 1e-12);
    }

    /** A table a spreadsheet saved where the decimal separator is a comma reads as the same numbers. */
    @Test
    void aTableSavedWithSemicolonsAndDecimalCommasReadsTheSame(@TempDir Path dir) throws IOException {
        Path comma = Files.writeString(dir.resolve("p.csv"), "patient,x,t\nA,1.5,5\nB,-0.25,8\nC,2.5E-3,12\n");
        Path semicolon = Files.write(dir.resolve("p-de.csv"), "patient;x;t\r\nA;1,5;5\r\nB;-0,25;8\r\nC;2,5E-3;12\r\n"
                .getBytes(java.nio.charset.Charset.forName("windows-1252")));
        CohortData a = CohortData.read(comma, null);
        CohortData b = CohortData.read(semicolon, null);
        assertEquals(List.of("patient", "x", "t"), b.columns());
        assertArrayEquals(new double[] {1.5, -0.25, 0.0025}, b.numbers("x"), 0);
        assertArrayEquals(a.numbers("x"), b.numbers("x"), 0);
        assertEquals(a.numericResultColumns(), b.numericResultColumns());
    }

    @Test
    void survivalSplitAtTheMedian(@TempDir Path dir) throws IOException {
        Path results = Files.writeString(dir.resolve("p.csv"), "patient,x,t,e\n"
                + "A,1,5,1\nB,2,8,1\nC,3,12,0\nD,4,3,1\nE,5,2,1\nF,6,4,0\n");
        CohortData d = CohortData.read(results, null);
        CohortAnalysis.Result r = CohortAnalysis.analyse(d, new CohortAnalysis.Options(null, null, List.of(),
                List.of("x"), List.of(), List.of(), List.of(), "t", "e", "x:median"));
        assertEquals(1, r.survival().size());
        CohortAnalysis.Survival s = r.survival().get(0);
        // Median of x = 3.5: low = A, B, C; high = D, E, F.
        assertEquals(List.of("x < 3.5", "x >= 3.5"), s.names());
        assertEquals(3, s.curves().get(0).n());
        assertEquals(2, s.curves().get(0).events());
        assertNotNull(r.find("t", "logrank", null));
    }
}
