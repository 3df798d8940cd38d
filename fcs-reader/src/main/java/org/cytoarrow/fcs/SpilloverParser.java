package org.cytoarrow.fcs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.compensation.SpilloverMatrix;

/**
 * Reads the spillover matrix of a data set: {@code $SPILLOVER}, {@code SPILL}, {@code $SPILL} or
 * {@code SPILLOVER} ("n,name1,...,namen,s11,s12,...,snn", row i = fluorochrome of channel i, FCS 3.1
 * section 3.2.20). A name that is no channel's {@code $PnN} may be its {@code $PnS} or, as Beckman Coulter
 * Navios LMD files write it, its parameter number.
 *
 * <p>FCS 3.0 {@code $COMP} and FCS 2.0 {@code $DFCiTOj} are not spillover matrices: they record the percentages
 * the cytometer's electronics already subtracted (FCS 3.0: "the percentage of FLj that has been subtracted
 * electronically from FLi"), so the data are compensated as stored and applying them again would compensate twice.
 * flowCore, too, takes a matrix only from SPILL, spillover and $SPILLOVER. Their presence is reported
 * ({@code HARDWARE_COMPENSATION}), so that whoever expects "FCS" compensation to change the data learns why it does
 * not.
 */
final class SpilloverParser {
    private static final String[] KEYS = {"$SPILLOVER", "SPILL", "$SPILL", "SPILLOVER"};
    /** FCS 2.0 {@code $DFCiTOj}: compensation between FLi and FLj that the cytometer applied (a percentage). */
    private static final Pattern DFC = Pattern.compile("\\$[Dd][Ff][Cc]\\d{1,9}[Tt][Oo]\\d{1,9}");

    private SpilloverParser() {
    }

    static Optional<SpilloverMatrix> parse(Keywords keywords, List<Channel> channels, IssueLog log) {
        for (String key : KEYS) {
            String v = keywords.get(key);
            if (v != null && !v.isBlank()) {
                return spill(key, v, channels, log);
            }
        }
        hardwareCompensation(keywords, log);
        return Optional.empty();
    }

    /** Reports a {@code $COMP} or {@code $DFCiTOj} keyword: compensation the cytometer applied before writing. */
    private static void hardwareCompensation(Keywords keywords, IssueLog log) {
        for (Map.Entry<String, String> e : keywords.asMap().entrySet()) {
            String key = e.getKey();
            boolean comp = key.equalsIgnoreCase("$COMP") && !e.getValue().isBlank();
            if (comp || key.regionMatches(true, 0, "$DFC", 0, 4) && DFC.matcher(key).matches()) {
                log.report(FcsIssueCode.HARDWARE_COMPENSATION, "TEXT keyword " + key, "the cytometer compensated "
                        + "these data electronically (" + key + " records what it subtracted); they are used as "
                        + "stored, and no spillover matrix is taken from it");
                return;
            }
        }
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
        if (!name.isEmpty() && name.length() <= 9 && name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            int number = Integer.parseInt(name); // Beckman Coulter Navios: the parameter number, as in $P3N
            for (Channel c : channels) {
                if (c.index() == number - 1) {
                    log.report(FcsIssueCode.SPILLOVER_NAME_FROM_NUMBER, at, "\"" + name + "\" is the parameter "
                            + "number of channel " + c.name() + "; the matrix uses " + c.name());
                    return c.name();
                }
            }
        }
        log.report(FcsIssueCode.SPILLOVER_INVALID, at, "\"" + name + "\" is not the name of a channel; kept as is");
        return name;
    }
}
