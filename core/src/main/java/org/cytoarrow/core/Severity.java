package org.cytoarrow.core;

/** How serious an {@link Issue} is. */
public enum Severity {
    /** Noted for the record; the data are read as the standard says. */
    INFO,
    /** A departure from the standard that was repaired unambiguously. */
    WARNING,
    /** A departure that makes the data wrong or unreadable unless repaired; STRICT refuses it. */
    ERROR
}
