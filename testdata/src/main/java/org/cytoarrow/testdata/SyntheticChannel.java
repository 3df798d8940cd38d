package org.cytoarrow.testdata;

import java.util.Objects;

/**
 * One parameter of a synthetic FCS data set: what {@link SyntheticFcs} writes as the {@code $Pn} keywords and how
 * it encodes the channel's values in DATA.
 *
 * <p>{@code datatype} is {@code 0} to follow the data set's {@code $DATATYPE}, or one of {@code I, F, D} to write an
 * FCS 3.2 {@code $PnDATATYPE} for this channel. {@code bits} is {@code $PnB}: a multiple of 8 in 8..64 for
 * {@code I} (FCS 3.1, $PnB: integer widths are multiples of 8; a 12-bit detector is written as {@code $PnB=16}
 * with {@code $PnR=4096}, see {@link #integerBits}), 32 for {@code F}, 64 for {@code D}, the field width in
 * characters for fixed-width {@code A}, and {@link #FREE_FORMAT} ({@code $PnB=*}) for free-format ASCII.
 *
 * @param name     $PnN (required, non-blank)
 * @param label    $PnS, or null to omit it
 * @param bits     $PnB (see above)
 * @param range    $PnR (positive; may be non-integer)
 * @param datatype 0, 'I', 'F' or 'D' ($PnDATATYPE, FCS 3.2 only)
 * @param decades  $PnE f1 (0 = linear)
 * @param offset   $PnE f2
 * @param gain     $PnG, or NaN to omit it
 */
public record SyntheticChannel(String name, String label, int bits, double range, char datatype,
                               double decades, double offset, double gain) {

    /** $PnB value meaning free-format ASCII ({@code $PnB=*}). */
    public static final int FREE_FORMAT = -1;

    public SyntheticChannel {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Channel name must not be blank");
        }
        if (!(range > 0) || Double.isInfinite(range)) {
            throw new IllegalArgumentException("Channel " + name + ": $PnR must be positive and finite, was " + range);
        }
        if (datatype != 0 && datatype != 'I' && datatype != 'F' && datatype != 'D') {
            throw new IllegalArgumentException("Channel " + name + ": $PnDATATYPE must be I, F or D, was '"
                    + datatype + "'");
        }
        if (bits == 0 || bits < FREE_FORMAT) {
            throw new IllegalArgumentException("Channel " + name + ": $PnB must be positive or FREE_FORMAT, was "
                    + bits);
        }
    }

    /** A linear channel without $PnS override of datatype, amplification or gain. */
    public static SyntheticChannel of(String name, String label, int bits, double range) {
        return new SyntheticChannel(name, label, bits, range, (char) 0, 0, 0, Double.NaN);
    }

    /**
     * An integer channel from a detector with {@code significantBits} bits (1..64): written with $PnB rounded up
     * to a whole number of bytes and $PnR = 2^significantBits, so readers mask away everything above the range.
     * Example: 12 bits gives $PnB=16, $PnR=4096 (FCS 3.1: "$PnB ... for integer data must be a multiple of 8").
     */
    public static SyntheticChannel integerBits(String name, String label, int significantBits) {
        if (significantBits < 1 || significantBits > 64) {
            throw new IllegalArgumentException("significantBits must be in 1..64, was " + significantBits);
        }
        int bits = (significantBits + 7) / 8 * 8;
        return new SyntheticChannel(name, label, bits, Math.pow(2, significantBits), (char) 0, 0, 0, Double.NaN);
    }

    /** This channel with $PnDATATYPE (FCS 3.2) set to {@code type}, or cleared with 0. */
    public SyntheticChannel withDatatype(char type) {
        return new SyntheticChannel(name, label, bits, range, type, decades, offset, gain);
    }

    /** This channel with $PnE = f1,f2. */
    public SyntheticChannel withAmplification(double f1, double f2) {
        return new SyntheticChannel(name, label, bits, range, datatype, f1, f2, gain);
    }

    /** This channel with $PnG. */
    public SyntheticChannel withGain(double g) {
        return new SyntheticChannel(name, label, bits, range, datatype, decades, offset, g);
    }

    /** The data type this channel is written with, given the data set's $DATATYPE. */
    char effectiveType(char fileType) {
        return datatype != 0 ? datatype : fileType;
    }
}
