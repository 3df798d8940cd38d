package org.cytoarrow.fcs;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Issue;
import org.cytoarrow.core.Sample;

/**
 * The events of one data set in batches: each {@link #next()} refills the same {@link VectorSchemaRoot} (schema
 * as {@link EventFrame#schemaOf}) with the next at most {@code batchSize} events. The root is borrowed; it stays
 * valid until the next call to {@code next()} or {@link #close()}. Close the batches to release the Arrow memory.
 */
public final class EventBatches implements Iterator<VectorSchemaRoot>, AutoCloseable {
    private final Sample sample;
    private final VectorSchemaRoot root;
    private final FieldVector[] vectors;
    private final EventDecoder decoder;
    private final IssueLog log;
    private final int batchSize;
    private long eventsRead;
    private boolean closed;

    EventBatches(FileAccess file, Sample sample, DataLayout layout, BufferAllocator allocator, int batchSize,
                 IssueLog log) {
        this.sample = sample;
        this.log = log;
        this.batchSize = (int) Math.min(batchSize, Math.max(1, layout.events()));
        VectorSchemaRoot r = VectorSchemaRoot.create(EventFrame.schemaOf(sample), allocator);
        try {
            this.vectors = FcsFile.allocate(r, this.batchSize);
            this.decoder = new EventDecoder(file, layout, FcsFile.channels(sample), allocator, log);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        this.root = r;
    }

    /** The data set's metadata. */
    public Sample sample() {
        return sample;
    }

    @Override
    public boolean hasNext() {
        return !closed && decoder.remaining() > 0;
    }

    /** Fills the shared root with the next batch and returns it. */
    @Override
    public VectorSchemaRoot next() {
        if (!hasNext()) {
            throw new NoSuchElementException(sample.source() + ": no more events");
        }
        try {
            int got = decoder.decode(vectors, 0, batchSize);
            FcsFile.finish(root, vectors, got);
            eventsRead += got;
            if (decoder.remaining() == 0) {
                decoder.reportFindings();
            }
            return root;
        } catch (RuntimeException e) {
            throw FcsFile.translate(sample.source(), sample.datasetIndex(), e);
        }
    }

    /** Events delivered so far. */
    public long eventsRead() {
        return eventsRead;
    }

    /** Issues found while decoding (complete once all batches were read). */
    public List<Issue> issues() {
        return log.issues();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                decoder.close();
            } finally {
                root.close();
            }
        }
    }
}
