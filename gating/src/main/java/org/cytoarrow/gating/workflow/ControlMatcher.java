package org.cytoarrow.gating.workflow;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.SampleSheet;

/**
 * Says which patient and tube type each FCS file is, so that a control tube (isotype, FMO, unstained, untreated)
 * can be matched to the stained tube of the same patient. Two rules:
 * <ul>
 *   <li>{@link #bySheet}: two columns of the sample sheet (e.g. {@code patient} and {@code tube});</li>
 *   <li>{@link #byFileName}: a regular expression over the file name with capture groups {@code patient} and
 *       {@code tube} (named, or else groups 1 and 2), e.g. {@code (?<patient>P\d+)_(?<tube>\w+)\.fcs}.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class ControlMatcher {
    /** A file's patient and tube type. */
    public record SampleKey(String patient, String tube) {
        public SampleKey {
            Objects.requireNonNull(patient, "patient");
            Objects.requireNonNull(tube, "tube");
        }
    }

    private final Function<Path, Optional<SampleKey>> rule;
    private final String description;

    private ControlMatcher(Function<Path, Optional<SampleKey>> rule, String description) {
        this.rule = rule;
        this.description = description;
    }

    /** Patient and tube from sheet columns; files the sheet does not list (or with blank cells) have no key. */
    public static ControlMatcher bySheet(SampleSheet sheet, String patientColumn, String tubeColumn) {
        for (String c : new String[] {patientColumn, tubeColumn, SampleSheet.FILE}) {
            if (!sheet.has(c)) {
                throw new CytoException("SAMPLE_SHEET", null, c, "Sample sheet has no column '" + c
                        + "' (needed to match controls); columns are " + sheet.columns());
            }
        }
        return new ControlMatcher(file -> sheet.rowFor(file).flatMap(r -> {
            String p = r.getOrDefault(patientColumn, "");
            String t = r.getOrDefault(tubeColumn, "");
            return p.isEmpty() || t.isEmpty() ? Optional.empty() : Optional.of(new SampleKey(p, t));
        }), "sheet columns " + patientColumn + " + " + tubeColumn);
    }

    /**
     * Patient and tube from the file name (the whole name must match).
     *
     * @throws CytoException (code {@code CONTROL_RULE}) for a bad expression or one without two groups
     */
    public static ControlMatcher byFileName(String regex) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new CytoException("CONTROL_RULE", null, null, "Bad file-name pattern '" + regex + "': "
                    + e.getDescription());
        }
        boolean named = regex.contains("(?<patient>") && regex.contains("(?<tube>");
        if (!named && pattern.matcher("").groupCount() < 2) {
            throw new CytoException("CONTROL_RULE", null, null, "File-name pattern '" + regex
                    + "' needs groups (?<patient>...) and (?<tube>...), or two capture groups");
        }
        return new ControlMatcher(file -> {
            Matcher m = pattern.matcher(file.getFileName().toString());
            if (!m.matches()) {
                return Optional.empty();
            }
            String p = named ? m.group("patient") : m.group(1);
            String t = named ? m.group("tube") : m.group(2);
            return p == null || t == null ? Optional.empty() : Optional.of(new SampleKey(p, t));
        }, "file names matching " + regex);
    }

    /** The file's patient and tube, if the rule says. */
    public Optional<SampleKey> key(Path file) {
        return rule.apply(file);
    }

    /**
     * Files grouped by patient (sorted) then tube type (first seen order); files without a key are left out.
     *
     * @throws CytoException (code {@code CONTROL_AMBIGUOUS}) when two files claim the same patient and tube
     */
    public Map<String, Map<String, Path>> byPatient(Collection<Path> files) {
        Map<String, Map<String, Path>> out = new TreeMap<>();
        for (Path f : files) {
            Optional<SampleKey> k = key(f);
            if (k.isEmpty()) {
                continue;
            }
            Path previous = out.computeIfAbsent(k.get().patient(), p -> new LinkedHashMap<>()).put(k.get().tube(), f);
            if (previous != null) {
                throw new CytoException("CONTROL_AMBIGUOUS", f.toString(), null, "Both " + previous + " and " + f
                        + " are patient " + k.get().patient() + ", tube " + k.get().tube() + " (by " + description
                        + ")");
            }
        }
        return out;
    }

    /** The file among {@code candidates} that is the {@code controlTube} of {@code sample}'s patient. */
    public Optional<Path> controlFor(Path sample, String controlTube, Collection<Path> candidates) {
        Optional<SampleKey> k = key(sample);
        if (k.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byPatient(candidates).getOrDefault(k.get().patient(), Map.of()).get(controlTube));
    }

    @Override
    public String toString() {
        return "ControlMatcher[" + description + "]";
    }
}
