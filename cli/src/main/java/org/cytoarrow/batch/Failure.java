package org.cytoarrow.batch;

import java.nio.file.Path;

/**
 * A file the batch could not turn into results, and why.
 *
 * @param file   the input file
 * @param code   a stable code: {@code NOT_FCS}, {@code EMPTY}, {@code UNREADABLE}, {@code NOT_FOUND}, {@code
 *               MEMORY_LIMIT}, {@code MEMORY_LEAK}, or the {@code CytoException} code, or {@code ERROR}
 * @param reason a one-line message for people
 */
public record Failure(Path file, String code, String reason) {
}
