package org.cytoarrow.gating.workflow;

import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.cytoarrow.core.CytoException;

/**
 * How to set one gate boundary from a control tube: take the control tube ({@code controlTube}) of the same
 * patient, evaluate the gates on it, collect the values the boundary's dimension sees (compensated and transformed
 * as the gate says) among the events of {@code population}, take the {@code percentile}-th percentile
 * (Hyndman-Fan type 7) and write it as the boundary of {@code gateId} in the {@code appliesTo} tube.
 *
 * <p>{@code boundary} names a divider of a {@link org.cytoarrow.gating.QuadrantGate} (its id) or a dimension of a
 * {@link org.cytoarrow.gating.RectangleGate} (its channel name); for a rectangle {@code bound} says whether the
 * minimum (positive = at or above the threshold) or the maximum is replaced. Example (the demo panel): IL-6+ =
 * at or above P99.5 of the isotype tube's CD138pos cells on the IL6divider dimension (APC-A, compensated,
 * logicle).
 *
 * @param name        label of the threshold in reports, e.g. {@code il6}
 * @param controlTube tube type of the control (isotype, FMO, unstained, untreated ...)
 * @param appliesTo   tube type whose gate boundary is replaced
 * @param population  population id or path in the control whose events define the percentile
 * @param gateId      the gate whose boundary is replaced
 * @param boundary    divider id (quadrant gate) or channel name (rectangle gate)
 * @param bound       which side of a rectangle range is replaced (ignored for dividers)
 * @param percentile  in [0, 100]
 */
public record ThresholdRule(String name, String controlTube, String appliesTo, String population, String gateId,
                            String boundary, Bound bound, double percentile) {

    /** The side of a rectangle range a threshold replaces. */
    public enum Bound {
        /** The inclusive lower bound: events at or above the threshold are inside. */
        MIN,
        /** The exclusive upper bound: events below the threshold are inside. */
        MAX
    }

    public ThresholdRule {
        for (String s : new String[] {name, controlTube, appliesTo, population, gateId, boundary}) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("Threshold rule fields must not be blank: " + name + ", "
                        + controlTube + ", " + appliesTo + ", " + population + ", " + gateId + ", " + boundary);
            }
        }
        Objects.requireNonNull(bound, "bound");
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("Threshold percentile must be in [0, 100], was " + percentile);
        }
    }

    /**
     * Reads rule {@code name} from a study panel's properties (keys {@code threshold.<name>.control-tube},
     * {@code applies-to}, {@code population}, {@code gate}, {@code divider} or {@code dimension},
     * {@code percentile}, optional {@code bound} = min|max).
     *
     * @throws CytoException (code {@code PANEL}) when a key is missing or malformed
     */
    public static ThresholdRule fromProperties(Properties p, String name) {
        String prefix = "threshold." + name + ".";
        String divider = p.getProperty(prefix + "divider");
        String boundary = divider != null ? divider : required(p, prefix + "dimension");
        String bound = p.getProperty(prefix + "bound", "min").strip().toUpperCase(Locale.ROOT);
        double percentile;
        try {
            percentile = Double.parseDouble(required(p, prefix + "percentile"));
            return new ThresholdRule(name, required(p, prefix + "control-tube"), required(p, prefix + "applies-to"),
                    required(p, prefix + "population"), required(p, prefix + "gate"), boundary, Bound.valueOf(bound),
                    percentile);
        } catch (IllegalArgumentException e) {
            throw new CytoException("PANEL", null, prefix + "*", "Threshold rule '" + name + "': " + e.getMessage());
        }
    }

    static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new CytoException("PANEL", null, key, "Study panel lacks the key '" + key + "'");
        }
        return v.strip();
    }
}
