package org.cytoarrow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.cytoarrow.core.cohort.KaplanMeier;
import org.cytoarrow.core.cohort.SurvivalCurve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KaplanMeierPlotTest {
    private static final int BLUE = 0x1f77b4;
    private static final int RED = 0xd62728;

    /** Rows of the plot area that hold a pixel of {@code rgb} in column {@code x}. */
    private static List<Integer> rowsWith(BufferedImage img, int x, int rgb) {
        List<Integer> rows = new java.util.ArrayList<>();
        for (int y = 0; y < img.getHeight(); y++) {
            if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                rows.add(y);
            }
        }
        return rows;
    }

    @Test
    void stepsAreDrawnWhereTheSurvivalIs(@TempDir Path dir) throws IOException {
        // Group A: events at 2 and 4 of 2 subjects: S = 1 until 2, 0.5 until 4, then 0.
        SurvivalCurve a = KaplanMeier.fit(new double[] {2, 4}, new boolean[] {true, true});
        // Group B: one subject censored at 4: S = 1 throughout.
        SurvivalCurve b = KaplanMeier.fit(new double[] {4}, new boolean[] {false});
        KaplanMeierPlot plot = new KaplanMeierPlot(400, 300);
        BufferedImage img = plot.render("t", "months", List.of("A", "B"), List.of(a, b), 0.25);
        assertEquals(400, img.getWidth());
        assertEquals(300, img.getHeight());
        // Plot area: x from 64 to 380 for t in [0, 4.08]; y from 244 (S = 0) to 40 (S = 1).
        int x3 = 64 + (int) Math.round(3 / 4.08 * 316);
        int yHalf = 244 - (int) Math.round(0.5 * 204);
        List<Integer> blue = rowsWith(img, x3, BLUE);
        assertTrue(blue.stream().anyMatch(y -> Math.abs(y - yHalf) <= 1), "A at S = 0.5 at t = 3: " + blue);
        List<Integer> red = rowsWith(img, x3, RED);
        assertTrue(red.stream().anyMatch(y -> Math.abs(y - 40) <= 1), "B at S = 1 at t = 3: " + red);
        Path png = dir.resolve("km.png");
        plot.writePng("t", "months", List.of("A", "B"), List.of(a, b), Double.NaN, png);
        assertEquals(400, ImageIO.read(Files.newInputStream(png)).getWidth());
        assertThrows(IllegalArgumentException.class, () -> plot.render("t", "m", List.of("A"), List.of(a, b), 1));
    }
}
