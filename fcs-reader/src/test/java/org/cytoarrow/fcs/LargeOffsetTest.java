package org.cytoarrow.fcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files larger than the HEADER's 8 digits can describe (FCS 3.1 section 3.1: HEADER DATA offsets 0, the real ones
 * in $BEGINDATA/$ENDDATA), written sparse so they cost no disk: DATA beyond byte 99,999,999, and a 3 GB file whose
 * metadata is opened without touching DATA.
 */
class LargeOffsetTest {
    @TempDir
    Path dir;

    private Path sparse(String name, long dataStart, long tot, byte[] firstEvents) throws IOException {
        LinkedHashMap<String, String> kw = FcsBytes.keywords("$BYTEORD", "1,2,3,4", "$DATATYPE", "F",
                "$MODE", "L", "$PAR", "2", "$TOT", Long.toString(tot), "$P1N", "X", "$P1B", "32", "$P1R", "1",
                "$P2N", "Y", "$P2B", "32", "$P2R", "1", "$BEGINDATA", FcsBytes.pad(dataStart, 12),
                "$ENDDATA", FcsBytes.pad(dataStart + tot * 8 - 1, 12), "$NEXTDATA", "0");
        byte[] text = FcsBytes.text(kw, '/');
        byte[] header = FcsBytes.header("FCS3.1", 58, 58 + text.length - 1, 0, 0);
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write(header);
            f.write(text);
            f.seek(dataStart);
            f.write(firstEvents);
            f.setLength(dataStart + tot * 8);
        }
        return p;
    }

    @Test
    void dataBeyond99999999Bytes() throws IOException {
        ByteBuffer d = ByteBuffer.allocate(3 * 8).order(ByteOrder.LITTLE_ENDIAN);
        d.putFloat(1.5f).putFloat(2.5f).putFloat(-3f).putFloat(4f).putFloat(5f).putFloat(6f);
        Path p = sparse("big.fcs", 150_000_000L, 3, d.array());
        try (BufferAllocator a = Memory.newRootAllocator(); FcsFile f = FcsFile.open(p);
             EventFrame frame = f.read(0, a)) {
            assertEquals(3, frame.eventCount());
            assertEquals(1.5, frame.raw(0, 0));
            assertEquals(4.0, frame.raw(1, 1));
            assertEquals(5.0, frame.raw(0, 2));
            assertTrue(frame.sample().issues().isEmpty(), frame.sample().issues().toString());
        }
    }

    @Test
    void metadataOfThreeGigabyteFileWithoutReadingData() throws IOException {
        long tot = 400_000_000L;          // 3.2 GB of float32 pairs, all sparse zeros but the first event
        byte[] first = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(7f).putFloat(8f).array();
        Path p = sparse("huge.fcs", 4096, tot, first);
        try (BufferAllocator a = Memory.newRootAllocator(); FcsFile f = FcsFile.open(p)) {
            Sample s = f.datasets().get(0);
            assertEquals(tot, s.eventCount());
            assertTrue(s.issues().isEmpty(), s.issues().toString());
            // Streaming works past the 2^31-event limit of a single frame; read just the first batch here.
            try (EventBatches b = f.batches(0, a, 1000)) {
                VectorSchemaRoot r = b.next();
                assertEquals(1000, r.getRowCount());
                assertEquals(7f, ((Float4Vector) r.getVector(0)).get(0));
                assertEquals(8f, ((Float4Vector) r.getVector(1)).get(0));
                assertEquals(0f, ((Float4Vector) r.getVector(1)).get(999));
            }
            assertEquals(0, a.getAllocatedMemory());
        }
    }
}
