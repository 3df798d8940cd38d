package org.cytoarrow.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void writesNewFileAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out.csv");
        AtomicFile.writeStream(target, out -> out.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("a,b\n1,2\n", Files.readString(target));
        assertEquals(List.of(target), list());
    }

    @Test
    void replacesExistingFile() throws IOException {
        Path target = dir.resolve("out.bin");
        Files.write(target, new byte[] {1, 2, 3});
        AtomicFile.write(target, temp -> Files.write(temp, new byte[] {9}));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(target));
        assertEquals(List.of(target), list());
    }

    @Test
    void pathFormWritesNewFileAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("events.parquet");
        AtomicFile.write(target, temp -> Files.write(temp, new byte[] {4, 2}));
        assertArrayEquals(new byte[] {4, 2}, Files.readAllBytes(target));
        assertEquals(List.of(target), list());
    }

    @Test
    void pathFormFailureLeavesNoTargetAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("events.parquet");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFile.write(target, temp -> {
            Files.write(temp, new byte[] {1, 2, 3});
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("events.parquet"), e.getMessage());
        assertEquals(List.of(), list());
    }

    @Test
    void pathFormFailureKeepsOldContentAndDeletesTemporaryFile() throws IOException {
        Path target = dir.resolve("events.arrow");
        Files.writeString(target, "old");
        assertThrows(IllegalStateException.class, () -> AtomicFile.write(target, temp -> {
            Files.writeString(temp, "partial");
            throw new IllegalStateException("bug");
        }));
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), list());
        // A writer that removes the temporary file: forcing it fails, and the failure names the target.
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicFile.write(target, Files::delete));
        assertTrue(e.getMessage().contains("events.arrow"), e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), list());
    }

    @Test
    void failureKeepsOldContentAndDeletesTemporaryFile() throws IOException {
        Path target = dir.resolve("keep.txt");
        Files.writeString(target, "old");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFile.writeStream(target, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("keep.txt"), e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), list());
    }

    @Test
    void stagedFileReplacesTheTargetOnlyWhenCommitted() throws IOException {
        Path target = dir.resolve("plot.png");
        Files.writeString(target, "old");
        AtomicFile.Staged staged = AtomicFile.stage(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("old", Files.readString(target));
        assertEquals(2, list().size());
        assertTrue(AtomicFile.isTemporary(list().get(0)), list().toString());
        staged.commit();
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), list());
    }

    @Test
    void temporaryNamesIncludeHadoopChecksumsOfTemporaryFiles() {
        assertTrue(AtomicFile.isTemporary(dir.resolve(".stats.parquet.123.tmp")));
        assertTrue(AtomicFile.isTemporary(dir.resolve("..stats.parquet.123.tmp.crc")));
        assertFalse(AtomicFile.isTemporary(dir.resolve(".stats.parquet.crc")));
        assertFalse(AtomicFile.isTemporary(dir.resolve("stats.tmp")));
        assertFalse(AtomicFile.isTemporary(dir.resolve("report.html")));
    }

    @Test
    void discardedStagedFileLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("stats.csv");
        Files.writeString(target, "old");
        AtomicFile.stage(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8))).discard();
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), list());
        assertThrows(IllegalStateException.class, () -> AtomicFile.stage(dir.resolve("x"), out -> {
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of(target), list());
    }

    @Test
    void runtimeFailureAlsoDeletesTemporaryFile() throws IOException {
        Path target = dir.resolve("new.txt");
        assertThrows(IllegalStateException.class, () -> AtomicFile.writeStream(target, out -> {
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of(), list());
    }

    @Test
    void missingDirectoriesAreCreated() throws IOException {
        Path target = dir.resolve("new/sub/out.csv");
        AtomicFile.writeStream(target, out -> out.write(1));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(target));
    }

    @Test
    void unwritableLocationIsReportedWithTheTarget() throws IOException {
        Files.writeString(dir.resolve("plain-file"), "x");
        Path target = dir.resolve("plain-file/out.csv");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicFile.writeStream(target, out -> out.write(1)));
        assertTrue(e.getMessage().contains("out.csv"), e.getMessage());
    }

    @Test
    void outputGetsTheDefaultPermissionsNotPrivateTempPermissions() throws IOException {
        Path target = dir.resolve("shared.csv");
        AtomicFile.writeStream(target, out -> out.write(1));
        Path reference = Files.createFile(dir.resolve("reference"));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(target));
        }
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
