package org.cytoarrow.core;

import java.util.Objects;

/**
 * One measured parameter of a sample ($Pn keywords of FCS), with the rule that turns raw values into scale values.
 *
 * <p>Scale value rule (FCS 3.1 section 3.2.20 and the FlowIO/FlowKit convention the Gating-ML compliance suite
 * relies on), in this order:
 * <ol>
 *   <li>time channel ($PnN equal to "time", case-insensitively) with $TIMESTEP: {@code x * timestep}; its $PnG is
 *       ignored; an unparseable $TIMESTEP makes the scale value undefined (NaN);</li>
 *   <li>$PnE = f1,f2 with f1 &gt; 0: {@code x = 10^(f1 * x / $PnR) * f2}, where f2 = 0 is read as 1;</li>
 *   <li>$PnG present, not 0 and not 1, not the time channel: {@code x = x / $PnG}.</li>
 * </ol>
 *
 * @param index    0-based position in the event record ($P1 is index 0)
 * @param name     $PnN, the short name used to address the channel
 * @param label    $PnS (marker or stain), or null when absent
 * @param bits     $PnB (number of bits; for ASCII the field width, 0 for free format)
 * @param range    $PnR
 * @param storage  how raw values are stored in Arrow
 * @param decades  $PnE f1 (0 for linear)
 * @param offset   $PnE f2 as written (0 is read as 1 when decades &gt; 0)
 * @param gain     $PnG, or NaN when absent
 * @param time     whether this is the time channel
 * @param timestep $TIMESTEP for the time channel (1 when absent or blank, NaN when unparseable); ignored otherwise
 */
public record Channel(int index, String name, String label, int bits, double range, ColumnStorage storage,
                      double decades, double offset, double gain, boolean time, double timestep) {

    public Channel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(storage, "storage");
        if (index < 0) {
            throw new IllegalArgumentException("Channel index must be >= 0, was " + index);
        }
    }

    /** A linear channel with no gain: raw and scale values are the same. */
    public static Channel linear(int index, String name, String label, double range) {
        return new Channel(index, name, label, 32, range, ColumnStorage.FLOAT32, 0, 0, Double.NaN,
                "time".equalsIgnoreCase(name), 1.0);
    }

    /** Whether raw and scale values differ for this channel. */
    public boolean isScaled() {
        if (time) {
            return timestep != 1.0;
        }
        return decades > 0 || hasGain();
    }

    private boolean hasGain() {
        return !Double.isNaN(gain) && gain != 0 && gain != 1;
    }

    /** The scale value of one raw value (rule in the class comment). */
    public double toScale(double raw) {
        if (time) {
            return raw * timestep;
        }
        double x = raw;
        if (decades > 0) {
            double f2 = offset == 0 ? 1.0 : offset;
            x = Math.pow(10, decades * x / range) * f2;
        }
        if (hasGain()) {
            x = x / gain;
        }
        return x;
    }

    /** Block form of {@link #toScale(double)}: {@code out[i] = toScale(in[i])} for {@code i < n}. */
    public void toScale(double[] in, double[] out, int n) {
        if (time) {
            double t = timestep;
            for (int i = 0; i < n; i++) {
                out[i] = in[i] * t;
            }
            return;
        }
        if (decades > 0) {
            double f2 = offset == 0 ? 1.0 : offset;
            // Written as 10^(f1*x/R): keep the same operation order as the scalar form for identical results.
            for (int i = 0; i < n; i++) {
                out[i] = Math.pow(10, decades * in[i] / range) * f2;
            }
        } else if (out != in) {
            System.arraycopy(in, 0, out, 0, n);
        }
        if (hasGain()) {
            double g = gain;
            for (int i = 0; i < n; i++) {
                out[i] = out[i] / g;
            }
        }
    }

    /** "name (label)" or just the name. */
    public String displayName() {
        return label == null || label.isBlank() || label.equals(name) ? name : name + " (" + label.strip() + ")";
    }
}
