package org.cytoarrow.gating;

import java.util.Objects;

/**
 * One axis a gate looks at (Gating-ML 2.0 {@code dimension}): an FCS channel ({@code fcs-dimension}, by $PnN or,
 * under a spectrum matrix, by fluorochrome name) or a ratio of two channels ({@code new-dimension} referencing an
 * {@code fratio} transformation), compensated as {@code compensationRef} says and optionally transformed.
 *
 * @param channel         the channel or fluorochrome name, or null for a ratio dimension
 * @param ratioRef        id of the {@link RatioTransformation} of a ratio dimension, or null
 * @param compensationRef {@value #UNCOMPENSATED}, {@value #FCS} (the file's own spillover matrix) or the id of a
 *                        spectrum matrix of the strategy; "FCS" on a file without a spillover matrix, and a channel
 *                        that is not an output (fluorochrome) of the matrix, mean the uncompensated scale values
 * @param transformRef    id of a {@link ScaleTransformation} applied after compensation, or null
 */
public record Dimension(String channel, String ratioRef, String compensationRef, String transformRef) {
    /** Compensation reference meaning "use the values as they are". */
    public static final String UNCOMPENSATED = "uncompensated";
    /** Compensation reference meaning "use the spillover matrix stored in the FCS file". */
    public static final String FCS = "FCS";

    public Dimension {
        if ((channel == null) == (ratioRef == null)) {
            throw new IllegalArgumentException("A dimension names either a channel or a ratio, got channel="
                    + channel + ", ratio=" + ratioRef);
        }
        Objects.requireNonNull(compensationRef, "compensationRef");
        if (compensationRef.isBlank()) {
            throw new IllegalArgumentException("compensation-ref must not be blank");
        }
    }

    /** An uncompensated, untransformed channel. */
    public static Dimension of(String channel) {
        return new Dimension(channel, null, UNCOMPENSATED, null);
    }

    /** A channel with a compensation and an optional transformation (null for none). */
    public static Dimension of(String channel, String compensationRef, String transformRef) {
        return new Dimension(channel, null, compensationRef, transformRef);
    }

    /** A ratio dimension (fratio transformation {@code ratioRef}). */
    public static Dimension ratio(String ratioRef, String compensationRef, String transformRef) {
        return new Dimension(null, ratioRef, compensationRef, transformRef);
    }

    public boolean isRatio() {
        return ratioRef != null;
    }

    @Override
    public String toString() {
        String base = isRatio() ? "ratio:" + ratioRef : channel;
        return base + "[" + compensationRef + (transformRef == null ? "" : ", " + transformRef) + "]";
    }
}
