package org.cytoarrow.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** PngEncoder's files decoded by ImageIO's PNG reader (an independent decoder) give back every pixel. */
class PngEncoderTest {

    @Test
    void everyPixelOfEveryLayoutRoundTrips() throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
                BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_GRAY}) {
            BufferedImage img = noise(37, 23, type, r);
            assertRoundTrips(img, "type " + type);
        }
    }

    @Test
    void subimagesWithOffsetAndStrideRoundTrip() throws IOException {
        BufferedImage img = noise(50, 40, BufferedImage.TYPE_INT_RGB, new SplittableRandom(8));
        assertRoundTrips(img.getSubimage(3, 5, 20, 30), "subimage");
        assertRoundTrips(img.getSubimage(0, 0, 50, 1), "one row");
        assertRoundTrips(img.getSubimage(49, 0, 1, 40), "one column");
    }

    @Test
    void noiseThatDoesNotCompressAndAPlotThatDoes() throws IOException {
        // noise: the deflate output outgrows its first buffer (a quarter of the raw size)
        BufferedImage noise = noise(300, 200, BufferedImage.TYPE_INT_RGB, new SplittableRandom(9));
        byte[] png = assertRoundTrips(noise, "noise");
        assertEquals(true, png.length > 300 * 200 * 3, "noise does not compress, so the buffer grew");

        BufferedImage drawing = new BufferedImage(360, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = drawing.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 360, 360);
        g.setColor(new Color(0x3366CC));
        g.drawLine(10, 350, 350, 10);
        g.drawRect(40, 40, 200, 100);
        g.dispose();
        int size = assertRoundTrips(drawing, "drawing").length;
        assertEquals(true, size < 360 * 360 * 3 / 50, () -> "a line drawing compresses well: " + size);
    }

    @Test
    void runsOfPixelsEqualToTheOneAboveRoundTrip() throws IOException {
        // the filter skips pixels equal to the one above: runs of them of every length, at a row's start and end
        SplittableRandom r = new SplittableRandom(10);
        for (int w : new int[] {1, 2, 3, 37, 200}) {
            BufferedImage img = noise(w, 60, BufferedImage.TYPE_INT_RGB, r);
            for (int y = 1; y < 60; y++) {
                double keep = r.nextDouble();
                for (int x = 0; x < w; x++) {
                    if (r.nextDouble() < keep) {
                        img.setRGB(x, y, img.getRGB(x, y - 1));
                    }
                }
            }
            assertRoundTrips(img, "width " + w);
        }
    }

    /** A {@code w} x {@code h} image of {@code type} with random colours, row by row from {@code r}. */
    private static BufferedImage noise(int w, int h, int type, SplittableRandom r) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        return img;
    }

    private static byte[] assertRoundTrips(BufferedImage img, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngEncoder.write(img, out);
        byte[] png = out.toByteArray();
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(img.getWidth(), back.getWidth(), what);
        assertEquals(img.getHeight(), back.getHeight(), what);
        int w = img.getWidth();
        int h = img.getHeight();
        int[] expected = img.getRGB(0, 0, w, h, null, 0, w);
        int[] actual = back.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < expected.length; i++) {
            expected[i] &= 0xFFFFFF;
            actual[i] &= 0xFFFFFF;
        }
        assertArrayEquals(expected, actual, what);
        return png;
    }
}
