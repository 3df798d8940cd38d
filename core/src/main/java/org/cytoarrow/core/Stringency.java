package org.cytoarrow.core;

/**
 * How strictly input that departs from its standard is treated.
 *
 * <ul>
 *   <li>{@link #STRICT}: the first error-severity issue is thrown as a {@link CytoException}.</li>
 *   <li>{@link #LENIENT}: known quirks are repaired and recorded as issues; unrepairable errors still throw.</li>
 *   <li>{@link #SILENT}: as LENIENT, but warnings and infos are not recorded.</li>
 * </ul>
 */
public enum Stringency {
    STRICT,
    LENIENT,
    SILENT
}
