package org.cytoarrow.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cytoarrow.core.CytoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatisticTest {

    @ParameterizedTest
    @ValueSource(strings = {"count", "freq_parent", "freq_total", "freq_of:/Cells/Singlets", "mean", "median",
        "gmean", "sd", "cv", "rsd", "rcv", "p5", "p99.5", "p0", "p100", "p15.87", "min", "max"})
    void canonicalLabelsRoundTrip(String label) {
        assertEquals(label, Statistic.parse(label).label());
        assertEquals(Statistic.parse(label), Statistic.parse(Statistic.parse(label).label()));
    }

    @Test
    void aliasesCaseAndBlanks() {
        assertEquals(Statistic.MEDIAN, Statistic.parse(" MFI "));
        assertEquals(Statistic.GEOMETRIC_MEAN, Statistic.parse("GeoMean"));
        assertEquals(Statistic.percentile(99.5), Statistic.parse("P99.50"));
        assertEquals("p99.5", Statistic.parse("P99.50").label());
        assertEquals(List.of(Statistic.COUNT, Statistic.percentile(5), Statistic.MAX),
                Statistic.parseList("count, p5,,max"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "p", "p100.5", "p-1", "p1.2.3", "average", "freq_of:", "p5%"})
    void rejectsUnknownSpellingsWithAHelpfulMessage(String text) {
        CytoException e = assertThrows(CytoException.class, () -> Statistic.parse(text));
        assertEquals("INVALID_STATISTIC", e.code());
    }

    @Test
    void unknownNameListsTheChoices() {
        CytoException e = assertThrows(CytoException.class, () -> Statistic.parse("average"));
        assertTrue(e.getMessage().contains("'average'") && e.getMessage().contains("p99.5"), e.getMessage());
    }

    @Test
    void onlyMaskStatisticsNeedNoValues() {
        assertEquals(false, Statistic.parse("freq_of:/A").needsValues());
        assertEquals(true, Statistic.parse("p50").needsValues());
    }
}
