package org.cytoarrow.core;

/**
 * Root of every exception cytoarrow throws on bad input or misuse. Unchecked.
 *
 * <p>Carries where the problem is: the source (usually a file name), and a free-form location inside it
 * (segment, byte offset, keyword or XML element); either may be null when unknown.
 */
public class CytoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String source;
    private final String location;

    public CytoException(String code, String source, String location, String message) {
        this(code, source, location, message, null);
    }

    public CytoException(String code, String source, String location, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.source = source;
        this.location = location;
    }

    public CytoException(String message) {
        this("ERROR", null, null, message, null);
    }

    public CytoException(String message, Throwable cause) {
        this("ERROR", null, null, message, cause);
    }

    /** Stable machine-readable code of the problem (an issue code where one applies). */
    public String code() {
        return code;
    }

    /** The file or other source the problem is in, or null. */
    public String source() {
        return source;
    }

    /** Where in the source (segment, offset, keyword, element), or null. */
    public String location() {
        return location;
    }
}
