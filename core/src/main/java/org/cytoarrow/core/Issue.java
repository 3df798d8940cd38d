package org.cytoarrow.core;

import java.util.Objects;

/**
 * A problem found in input data, kept as data rather than logged.
 *
 * @param code     stable machine-readable code, e.g. {@code DATA_END_OFF_BY_ONE}
 * @param severity how serious it is
 * @param message  human-readable text naming the file, the place, what was found and what was expected
 */
public record Issue(String code, Severity severity, String message) {
    public Issue {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return severity + " " + code + ": " + message;
    }
}
