package org.cytoarrow.gating.workflow;

/**
 * A threshold derived from a control, reported beside the results it was applied to.
 *
 * @param rule       the rule's name
 * @param control    the control sample (file name) the value comes from
 * @param population path of the control population used
 * @param gateId     gate whose boundary it sets
 * @param boundary   divider id or channel name
 * @param percentile the percentile taken
 * @param value      the threshold, on the gate's (transformed) scale; NaN when the control population is empty
 * @param events     control events (non-NaN values) the percentile was taken over
 */
public record DerivedThreshold(String rule, String control, String population, String gateId, String boundary,
                               double percentile, double value, int events) {
}
