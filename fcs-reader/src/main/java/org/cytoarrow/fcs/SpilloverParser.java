package org.cytoarrow.fcs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.compensation.SpilloverMatrix;

/**
 * Reads the spillover matrix of a data set: {@code $SPILLOVER}, {@code SPILL}, {@code $SPILL} or
 * {@code SPILLOVER} ("n,name1,...,namen,s11,s12,...,snn", row i = fluorochrome of channel i, FCS 3.1
 * section 3.2.20), or failing those the FCS 3.0 {@code $COMP} keyword ("n,c11,...,cnn", percentages
 * subtracted: {@code cij} is the percentage of FLj subtracted from FLi, so the spillover of fluorochrome j into
 * detector i is {@code -cij / 100}).
 */
final class SpilloverParser {
    private static final String[] KEYS = {"$SPILLOVER", "SPILL", "$SPILL", "SPILLOVER"};

    private SpilloverParser() {
    }

    static Optional<SpilloverMatrix> parse(Keywords keywords, List<Channel> channels, IssueLog log) {
        for (String key : KEYS) {
            String v = keywords.get(key);
            if (v != null && !v.isBlank()) {
                return spill(key, v, channels, log);
            }
        }
        String comp = keywords.get("$COMP");
        if (comp != null && !comp.isBlank()) {
            return comp(comp, channels, log);
        }
        return Optional.empty();
    }

    private static Optional<SpilloverMatrix> spill(String key, String value, List<Channel> channels, IssueLog log) {
        String at = "TEXT keyword " + key;
        String[] t = value.split(",", -1);
        long n = Numbers.parseLong(t[0]);
        if (n < 1 || n > t.length) {
            log.report(FcsIssueCode.SPILLOVER_INVALID, at, "count \"" + TextParser.abbreviate(t[0].strip())
                    + "\" is not a number of channels; no spillover matrix");
            return Optional.empty();
        }
        int k = (int) n;
        int values = t.length - 1 - k;
        double[][] m = new double[k][k];
        boolean commaDecimal = false;
        if ((long) values == (long) k * k) {
            for (int i = 0; i < k * k; i++) {
                m[i / k][i % k] = Numbers.parseDouble(t[1 + k + i]);
            }
        } else if ((long) values == 2L * k * k) {
            commaDecimal = true;
            for (int i = 0; i < k * k; i++) {
                m[i / k][i % k] = Numbers.parseDouble(t[1 + k + 2 * i].strip() + "." + t[2 + k + 2 * i].strip());
            }
        } else {
            log.report(FcsIssueCode.SPILLOVER_INVALID, at, k + " channels need " + ((long) k * k)
                    + " coefficients, found " + Math.max(values, 0) + "; no spillover matrix");
            return Optional.empty();
        }
        for (double[] row : m) {
            for (double x : row) {
                if (Double.isNaN(x)) {
                    log.report(FcsIssueCode.SPILLOVER_INVALID, at, "a coefficient is not a number; no spillover "
                            + "matrix");
                    return Optional.empty();
                }
            }
        }
        if (commaDecimal) {
            log.report(FcsIssueCode.SPILLOVER_COMMA_DECIMAL, at, "coefficients written with a decimal comma");
        }
        List<String> names = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            names.add(channelName(t[1 + i].strip(), channels, at, log));
        }
        if (names.stream().distinct().count() != k) {
            log.report(FcsIssueCode.SPILLOVER_INVALID, at, "names a channel twice " + names + "; no spillover "
                    + "matrix");
            return Optional.empty();
        }
        return Optional.of(SpilloverMatrix.square(names, m));
    }

    private static String channelName(String name, List<Channel> channels, String at, IssueLog log) {
        for (Channel c : channels) {
            if (c.name().equals(name)) {
                return name;
            }
        }
        for (Channel c : channels) {
            if (c.name().equalsIgnoreCase(name) || c.name().strip().equals(name)) {
                return c.name();
            }
        }
        for (Channel c : channels) {
            if (c.label() != null && c.label().strip().equals(name)) {
                log.report(FcsIssueCode.SPILLOVER_NAME_FROM_LABEL, at, "\"" + name + "\" is the $PnS of channel "
                        + c.name() + "; the matrix uses " + c.name());
                return c.name();
            }
        }
        log.report(FcsIssueCode.SPILLOVER_INVALID, at, "\"" + name + "\" is not the name of a channel; kept as is");
        return name;
    }

    private static Optional<SpilloverMatrix> comp(String value, List<Channel> channels, IssueLog log) {
        String at = "TEXT keyword $COMP";
        String[] t = value.split(",", -1);
        long n = Numbers.parseLong(t[0]);
        if (n < 1 || n > channels.size() || (long) (t.length - 1) != n * n) {
            log.report(FcsIssueCode.SPILLOVER_INVALID, at, "\"" + TextParser.abbreviate(value)
                    + "\" is not n followed by n*n coefficients for at most " + channels.size() + " channels");
            return Optional.empty();
        }
        int k = (int) n;
        double[][] spill = new double[k][k];
        List<String> names = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            names.add(channels.get(i).name());
            for (int j = 0; j < k; j++) {
                double c = Numbers.parseDouble(t[1 + i * k + j]);
                if (Double.isNaN(c)) {
                    log.report(FcsIssueCode.SPILLOVER_INVALID, at, "coefficient " + (i * k + j + 1)
                            + " is not a number");
                    return Optional.empty();
                }
                // c_ij: percent of FLj subtracted from FLi (negative = subtracted) -> spillover of j into i.
                spill[j][i] = i == j ? 1.0 : -c / 100.0;
            }
        }
        if (names.stream().distinct().count() != k) {
            log.report(FcsIssueCode.SPILLOVER_INVALID, at, "channel names repeat " + names);
            return Optional.empty();
        }
        log.report(FcsIssueCode.COMP_KEYWORD, at, "spillover matrix converted from FCS 3.0 $COMP percentages");
        return Optional.of(SpilloverMatrix.square(names, spill));
    }
}
