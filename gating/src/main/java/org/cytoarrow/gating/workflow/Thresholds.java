package org.cytoarrow.gating.workflow;

import java.util.List;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventMask;
import org.cytoarrow.core.stats.Lineage;
import org.cytoarrow.core.stats.PopulationStatistics;
import org.cytoarrow.core.stats.Statistic;
import org.cytoarrow.core.stats.StatisticValues;
import org.cytoarrow.gating.GatingResult;
import org.cytoarrow.gating.GatingStrategy;

/** Derives control-based thresholds ({@link ThresholdRule}) and applies them to a strategy. */
public final class Thresholds {
    private Thresholds() {
    }

    /**
     * The rule's percentile of the boundary dimension's values (as the gate sees them: compensated and
     * transformed) among the events of the rule's population in a gated control.
     *
     * @param rule          the rule
     * @param control       the control tube's gating result (gated with a strategy holding the rule's gate)
     * @param controlSample the control's name, for the report
     * @throws CytoException (code {@code THRESHOLD_EMPTY_CONTROL}) when the control population has no event with a
     *                       value: a threshold from nothing would silently gate everything
     */
    public static DerivedThreshold derive(ThresholdRule rule, GatingResult control, String controlSample) {
        GatingStrategy strategy = control.strategy();
        GateBoundaries.ValuesRef ref = GateBoundaries.valuesRef(strategy, rule.gateId(), rule.boundary());
        String population = strategy.resolve(rule.population()).orElseThrow(() -> new CytoException(
                "THRESHOLD_POPULATION", controlSample, rule.population(), "Threshold " + rule.name()
                + ": no population '" + rule.population() + "' in the control's gating"));
        EventMask mask = control.mask(population);
        double[] values = control.values(ref.populationId(), ref.dimension());
        Statistic p = Statistic.percentile(rule.percentile());
        StatisticValues s = PopulationStatistics.compute(values, mask, Lineage.root(), List.of(p));
        if (s.valueCount() == 0) {
            throw new CytoException("THRESHOLD_EMPTY_CONTROL", controlSample, strategy.pathOf(population),
                    controlSample + ": threshold " + rule.name() + " needs events in " + strategy.pathOf(population)
                    + " of the " + rule.controlTube() + " control, found none");
        }
        return new DerivedThreshold(rule.name(), controlSample, strategy.pathOf(population), rule.gateId(),
                rule.boundary(), rule.percentile(), s.get(p), s.valueCount());
    }

    /** {@code strategy} with the rule's boundary set to the derived value. */
    public static GatingStrategy apply(GatingStrategy strategy, ThresholdRule rule, DerivedThreshold threshold) {
        return GateBoundaries.apply(strategy, rule, threshold.value());
    }
}
