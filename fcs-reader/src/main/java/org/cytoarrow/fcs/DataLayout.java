package org.cytoarrow.fcs;

import org.cytoarrow.core.CytoException;

/**
 * Where one data set's events are and how to decode them.
 *
 * @param start       absolute byte offset of the first event
 * @param limit       absolute byte offset just past the last byte that may be read
 * @param events      number of events to decode
 * @param recordBytes bytes per event (0 for free-format ASCII)
 * @param columns     one codec per channel
 * @param unreadable  when not null, the reason the events cannot be read (thrown by read/batches)
 */
record DataLayout(long start, long limit, long events, int recordBytes, ColumnCodec[] columns,
                  CytoException unreadable) {

    boolean freeFormat() {
        return recordBytes == 0 && columns.length > 0 && columns[0].kind() == ColumnCodec.Kind.ASCII_FREE;
    }
}
