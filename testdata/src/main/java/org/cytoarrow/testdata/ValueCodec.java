package org.cytoarrow.testdata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * How one channel's values become DATA bytes, and what a conforming reader must report for them (the ground truth).
 *
 * <p>Byte order ($BYTEORD, FCS 3.0 section 3.2.20): the list {@code n1,...,nk} says which byte of the value, counted
 * from 1 = least significant, is written at each file position. When k equals the value width that permutation is
 * used as is (so {@code 3,4,1,2} for a 32-bit value writes bytes 3,4,1,2 = PDP-11 order); otherwise the list must be
 * ascending (little-endian) or descending (big-endian) and is applied as that endianness to any width, which is how
 * BD writes {@code 4,3,2,1} for 16-bit data.
 */
final class ValueCodec {
    final char type;
    /** Bytes per value; -1 for free-format ASCII. */
    final int width;
    private final int[] significance;
    private final long fieldMask;
    private final long rangeMask;
    private final String channel;
    /** Whether the bytes are in the buffer's plain order (see {@link #plainOrder}), so ByteBuffer puts apply. */
    private final boolean plain;

    private ValueCodec(char type, int width, int[] significance, long fieldMask, long rangeMask, String channel) {
        this.type = type;
        this.width = width;
        this.significance = significance;
        this.fieldMask = fieldMask;
        this.rangeMask = rangeMask;
        this.channel = channel;
        this.plain = significance != null && isPlain(significance);
    }

    /**
     * The plain byte order a $BYTEORD list denotes: little-endian when ascending (1,2,...), big-endian when
     * descending, or null for a true permutation such as 3,4,1,2. The writer sets its buffer to this order.
     */
    static ByteOrder plainOrder(int[] byteOrd) {
        boolean ascending = true;
        boolean descending = true;
        for (int i = 0; i < byteOrd.length; i++) {
            ascending &= byteOrd[i] == i + 1;
            descending &= byteOrd[i] == byteOrd.length - i;
        }
        return ascending ? ByteOrder.LITTLE_ENDIAN : descending ? ByteOrder.BIG_ENDIAN : null;
    }

    private static boolean isPlain(int[] sig) {
        boolean ascending = true;
        boolean descending = true;
        for (int i = 0; i < sig.length; i++) {
            ascending &= sig[i] == i;
            descending &= sig[i] == sig.length - 1 - i;
        }
        return ascending || descending;
    }

    static ValueCodec of(SyntheticChannel c, char fileType, int[] byteOrd) {
        char t = c.effectiveType(fileType);
        String n = c.name();
        switch (t) {
            case 'I' -> {
                if (c.bits() < 8 || c.bits() > 64 || c.bits() % 8 != 0) {
                    throw new IllegalArgumentException("Channel " + n + ": integer $PnB must be a multiple of 8 in "
                            + "8..64 (use SyntheticChannel.integerBits for detector widths like 12), was " + c.bits());
                }
                long field = c.bits() == 64 ? -1L : (1L << c.bits()) - 1;
                return new ValueCodec('I', c.bits() / 8, order(byteOrd, c.bits() / 8, n), field,
                        rangeMask(c.range(), c.bits()), n);
            }
            case 'F' -> {
                requireBits(c, 32, t);
                return new ValueCodec('F', 4, order(byteOrd, 4, n), -1L, -1L, n);
            }
            case 'D' -> {
                requireBits(c, 64, t);
                return new ValueCodec('D', 8, order(byteOrd, 8, n), -1L, -1L, n);
            }
            case 'A' -> {
                if (c.bits() != SyntheticChannel.FREE_FORMAT && (c.bits() < 1 || c.bits() > 18)) {
                    throw new IllegalArgumentException("Channel " + n + ": ASCII $PnB must be 1..18 or *, was "
                            + c.bits());
                }
                return new ValueCodec('A', c.bits() == SyntheticChannel.FREE_FORMAT ? -1 : c.bits(), null, -1L, -1L, n);
            }
            default -> throw new IllegalArgumentException("Channel " + n + ": $DATATYPE must be I, F, D or A, was '"
                    + t + "'");
        }
    }

    private static void requireBits(SyntheticChannel c, int bits, char type) {
        if (c.bits() != bits) {
            throw new IllegalArgumentException("Channel " + c.name() + ": $PnB must be " + bits + " for type "
                    + type + ", was " + c.bits());
        }
    }

    /**
     * The mask a reader applies to an integer value: m - 1 where m is the smallest power of two &gt;= $PnR, when m
     * is smaller than 2^$PnB (FCS 3.1: bits above the range are ignored); otherwise all bits of the field.
     */
    static long rangeMask(double range, int bits) {
        double m = 1;
        while (m < range && m < 0x1p64) {
            m *= 2;
        }
        if (bits < 64 && m >= Math.pow(2, bits) || bits == 64 && m >= 0x1p64) {
            return bits == 64 ? -1L : (1L << bits) - 1;
        }
        return m >= 0x1p63 ? Long.MAX_VALUE : (long) m - 1;
    }

    /** File position i holds the value byte of significance {@code result[i]} (0 = least significant). */
    static int[] order(int[] byteOrd, int width, String channel) {
        int[] sig = new int[width];
        if (width == 1) {
            return sig;     // a single byte has no order
        }
        if (byteOrd.length == width) {
            for (int i = 0; i < width; i++) {
                sig[i] = byteOrd[i] - 1;
            }
            return sig;
        }
        boolean ascending = true;
        boolean descending = true;
        for (int i = 0; i < byteOrd.length; i++) {
            ascending &= byteOrd[i] == i + 1;
            descending &= byteOrd[i] == byteOrd.length - i;
        }
        if (!ascending && !descending) {
            throw new IllegalArgumentException("Channel " + channel + ": $BYTEORD permutation of " + byteOrd.length
                    + " bytes cannot be applied to " + width + "-byte values");
        }
        for (int i = 0; i < width; i++) {
            sig[i] = ascending ? i : width - 1 - i;
        }
        return sig;
    }

    /** The raw value a conforming reader reports for input {@code v} (rounded, truncated, masked). */
    double truth(double v) {
        return switch (type) {
            case 'I' -> unsigned(integerField(v) & rangeMask);
            case 'F' -> (float) v;
            case 'D' -> v;
            default -> asciiValue(v);
        };
    }

    /** The integer stored for v: rounded to nearest, low $PnB bits kept. */
    private long integerField(double v) {
        return Math.round(v) & fieldMask;
    }

    private static double unsigned(long x) {
        return x >= 0 ? x : (double) (x >>> 1) * 2.0 + (x & 1);
    }

    private long asciiValue(double v) {
        long x = Math.round(v);
        if (x < 0) {
            throw new IllegalArgumentException("Channel " + channel + ": ASCII data must be >= 0, was " + v);
        }
        return x;
    }

    /**
     * Appends the binary or fixed-width ASCII encoding of v. For plain byte orders {@code out} must be in the
     * order {@link #plainOrder} gives for the data set's $BYTEORD.
     */
    void encode(double v, ByteBuffer out) {
        if (plain) {
            switch (type) {
                case 'F' -> {
                    out.putFloat((float) v);
                    return;
                }
                case 'D' -> {
                    out.putDouble(v);
                    return;
                }
                default -> {
                    long x = integerField(v);
                    switch (width) {
                        case 1 -> out.put((byte) x);
                        case 2 -> out.putShort((short) x);
                        case 4 -> out.putInt((int) x);
                        case 8 -> out.putLong(x);
                        default -> putBytes(x, out);
                    }
                    return;
                }
            }
        }
        long bits;
        switch (type) {
            case 'I' -> bits = integerField(v);
            case 'F' -> bits = Float.floatToRawIntBits((float) v) & 0xFFFF_FFFFL;
            case 'D' -> bits = Double.doubleToRawLongBits(v);
            default -> {
                String digits = Long.toString(asciiValue(v));
                if (digits.length() > width) {
                    throw new IllegalArgumentException("Channel " + channel + ": value " + digits
                            + " does not fit $PnB=" + width + " characters");
                }
                for (int i = digits.length(); i < width; i++) {
                    out.put((byte) '0');
                }
                out.put(digits.getBytes(StandardCharsets.US_ASCII));
                return;
            }
        }
        putBytes(bits, out);
    }

    private void putBytes(long bits, ByteBuffer out) {
        for (int s : significance) {
            out.put((byte) (bits >>> (8 * s)));
        }
    }

    /** The free-format ASCII text of v. */
    String text(double v) {
        return Long.toString(asciiValue(v));
    }
}
