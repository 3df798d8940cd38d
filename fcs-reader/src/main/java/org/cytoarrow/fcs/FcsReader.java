package org.cytoarrow.fcs;

import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.EventFrame;

/** Convenience entry points: read the first data set of an FCS file in one call. */
public final class FcsReader {
    private FcsReader() {
    }

    /** Reads data set 0 with default (LENIENT) options. The caller closes the frame. */
    public static EventFrame read(Path path, BufferAllocator allocator) {
        return read(path, allocator, ReadOptions.defaults());
    }

    /** Reads data set 0. The caller closes the frame. */
    public static EventFrame read(Path path, BufferAllocator allocator, ReadOptions options) {
        try (FcsFile file = FcsFile.open(path, options)) {
            return file.read(0, allocator);
        }
    }
}
