package org.cytoarrow.report;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes an image as an 8-bit RGB PNG (ISO/IEC 15948: signature, IHDR, one IDAT, IEND; alpha is dropped).
 *
 * <p>Plots are written hundreds of times per batch, and ImageIO's PNG writer was a tenth of the batch's CPU: it
 * tries all five row filters in Java and copies the pixels through a generic raster. Here every row uses the Up
 * filter (byte minus the byte above), which on plots' flat backgrounds and axis-aligned lines turns most bytes to
 * zero, and the zlib stream comes from {@link Deflater} with the CRC from {@link CRC32}, both native.
 */
final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** Deflate level: 1-2 compress plots to about the size of level 6 in a fraction of the time. */
    private static final int LEVEL = 2;
    private static final int FILTER_UP = 2;
    private static final VarHandle INT_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.BIG_ENDIAN);

    private PngEncoder() {
    }

    /** Writes {@code img} as a PNG to {@code out} (not closed). */
    static void write(BufferedImage img, OutputStream out) throws IOException {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] raw = filteredRows(rgb(img), w, h);
        byte[] header = new byte[13];
        putInt(header, 0, w);
        putInt(header, 4, h);
        header[8] = 8; // bits per sample
        header[9] = 2; // colour type: RGB
        // compression, filter method and interlace: 0 (deflate, adaptive filtering, none)
        out.write(SIGNATURE);
        chunk(out, "IHDR", header, header.length);
        Deflater deflater = new Deflater(LEVEL);
        try {
            deflater.setInput(raw);
            deflater.finish();
            byte[] z = new byte[Math.max(1024, raw.length / 4)];
            int n = 0;
            while (!deflater.finished()) {
                if (n == z.length) {
                    z = Arrays.copyOf(z, z.length * 2);
                }
                n += deflater.deflate(z, n, z.length - n);
            }
            chunk(out, "IDAT", z, n);
        } finally {
            deflater.end();
        }
        chunk(out, "IEND", new byte[0], 0);
    }

    /** The pixels as 0xRRGGBB ints, row after row: the image's own array when it has that layout. */
    private static int[] rgb(BufferedImage img) {
        int w = img.getWidth();
        if ((img.getType() == BufferedImage.TYPE_INT_RGB || img.getType() == BufferedImage.TYPE_INT_ARGB)
                && img.getRaster().getDataBuffer() instanceof DataBufferInt data && data.getNumBanks() == 1
                && data.getOffset() == 0 && img.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel m
                && m.getScanlineStride() == w && img.getRaster().getSampleModelTranslateX() == 0
                && img.getRaster().getSampleModelTranslateY() == 0) {
            return data.getData();
        }
        return img.getRGB(0, 0, w, img.getHeight(), null, 0, w);
    }

    /**
     * Each row as its filter-type byte (Up) and 3 w bytes of RGB differences from the row above (from 0 for the
     * first row). The three bytes of a pixel are subtracted at once, lane by lane, with no borrow crossing from
     * one byte into the next (see {@link #store}). A pixel equal to the one above is not touched: its bytes are
     * the zeros of the new array.
     */
    static byte[] filteredRows(int[] rgb, int w, int h) {
        int stride = 1 + 3 * w;
        byte[] raw = new byte[h * stride];
        for (int y = 0; y < h; y++) {
            int o = y * stride;
            raw[o++] = FILTER_UP;
            int row = y * w;
            if (y == 0) {
                for (int x = 0; x < w; x++) {
                    store(raw, o + 3 * x, rgb[row + x], x < w - 1);
                }
                continue;
            }
            int above = row - w;
            // Pixels equal to the one above filter to zero bytes, which the new array already holds: skip runs of
            // them (most of a plot's background) with the vectorised mismatch search, compute the others.
            int x = 0;
            while (x < w) {
                int m = Arrays.mismatch(rgb, row + x, row + w, rgb, above + x, above + w);
                if (m < 0) {
                    break;
                }
                x += m;
                do {
                    store(raw, o + 3 * x, bytewiseDifference(rgb[row + x], rgb[above + x]), x < w - 1);
                    x++;
                } while (x < w && rgb[row + x] != rgb[above + x]);
            }
        }
        return raw;
    }

    /**
     * Stores the low three bytes of {@code d} at {@code raw[o, o + 3)}: as one int whose fourth byte (zero) lands
     * on the next pixel, which that pixel overwrites or, when skipped as unchanged, must be zero anyway; byte by
     * byte for a row's last pixel ({@code notLast} false), so nothing is written past the row.
     */
    private static void store(byte[] raw, int o, int d, boolean notLast) {
        if (notLast) {
            INT_BIG_ENDIAN.set(raw, o, d << 8);
        } else {
            raw[o] = (byte) (d >>> 16);
            raw[o + 1] = (byte) (d >>> 8);
            raw[o + 2] = (byte) d;
        }
    }

    /** {@code p - q} in each byte lane, modulo 256. */
    private static int bytewiseDifference(int p, int q) {
        return ((p | 0x80808080) - (q & 0x7F7F7F7F)) ^ ((p ^ ~q) & 0x80808080);
    }

    private static void chunk(OutputStream out, String type, byte[] data, int length) throws IOException {
        byte[] head = new byte[8];
        putInt(head, 0, length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, head, 4, 4);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, length);
        byte[] tail = new byte[4];
        putInt(tail, 0, (int) crc.getValue());
        out.write(head);
        out.write(data, 0, length);
        out.write(tail);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
