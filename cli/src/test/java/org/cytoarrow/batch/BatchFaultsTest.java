package org.cytoarrow.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import blue.strategic.parquet.ParquetReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.io.Csv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #5 item 6: bad files among good ones, memory limits, and a run killed midway then restarted.
 * Expected statistics come from the fake file format: N events with values 0..N-1 give count N and mean
 * (N - 1) / 2.
 */
class BatchFaultsTest {
    private final StringWriter logText = new StringWriter();
    private final PrintWriter log = new PrintWriter(logText, true);

    @Test
    void badFilesAreListedAndEveryGoodSampleHasItsResults(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        FakeFcs.good(in.resolve("A01.fcs"), 10);
        FakeFcs.good(in.resolve("plate 2/B02.LMD"), 101);
        FakeFcs.good(in.resolve("0877408774.B08"), 2000);       // CellQuest: no FCS extension
        FakeFcs.good(in.resolve("noext"), 7);
        Path truncated = FakeFcs.truncated(in.resolve("truncated.fcs"));
        Path notFcs = Files.writeString(in.resolve("notes.fcs"), "hello, this is not FCS");
        Path empty = Files.createFile(in.resolve("empty.fcs"));
        Path broken = Files.createSymbolicLink(in.resolve("broken.fcs"), in.resolve("gone.fcs"));
        Path locked = Files.writeString(in.resolve("locked.fcs"), "garbage that is not FCS either");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Files.writeString(in.resolve("README.txt"), "ignored");
        Files.write(in.resolve("._A01.fcs"), new byte[] {0, 5, 22, 7, 0, 2});  // macOS resource fork: hidden
        Files.writeString(in.resolve("compmatrix"), "FL1 FL2\n1 0.1\n");   // side file, no extension: ignored
        Path out = tmp.resolve("out");

        BatchSummary s;
        try (BufferAllocator root = Memory.newRootAllocator()) {
            s = new BatchRunner(BatchOptions.of(out).withThreads(2), FakeFcs::process, log)
                    .run(List.of(in), root);
            assertEquals(0, root.getAllocatedMemory());
        }

        assertEquals(4, s.exitCode());
        assertEquals(5, s.samples());   // 4 good + truncated (it starts like FCS)
        assertEquals(4, s.processed());
        assertEquals(3, s.ignored());
        Map<Path, String> codes = new TreeMap<>();
        s.failures().forEach(f -> codes.put(f.file(), f.code()));
        String lockedCode = Files.isReadable(locked) ? "NOT_FCS" : "UNREADABLE"; // root reads anything
        assertEquals(Map.of(truncated, "TRUNCATED", notFcs, "NOT_FCS", empty, "EMPTY", broken, "UNREADABLE",
                locked, lockedCode), codes);

        Map<String, List<String>> expected = Map.of(
                "A01", List.of("10", "4.5"),
                "B02", List.of("101", "50"),
                "0877408774.B08", List.of("2000", "999.5"),
                "noext", List.of("7", "3"));
        assertEquals(expected, valuesBySample(out.resolve("statistics.csv")));
        for (String sample : expected.keySet()) {
            assertEquals(Map.of(sample, expected.get(sample)),
                    valuesBySample(out.resolve("samples/" + sample + ".csv")));
            assertTrue(Files.isRegularFile(out.resolve("plots/" + sample + "/01_Cells.png")));
        }
        List<String[]> parquet;
        try (Stream<String[]> rows = ParquetReader.streamContentToStrings(out.resolve("statistics.parquet").toFile())) {
            parquet = rows.collect(Collectors.toList());
        }
        assertEquals(8, parquet.size());

        String errors = Files.readString(out.resolve("errors.csv"));
        String report = Files.readString(out.resolve("report.html"));
        for (Path bad : codes.keySet()) {
            assertTrue(errors.contains(bad.toString()), bad + " in errors.csv");
            assertTrue(report.contains(bad.getFileName().toString()), bad + " in report.html");
        }
        assertTrue(report.contains("plots/A01/01_Cells.png"));
        assertNoTemporaries(out);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aSampleOverItsMemoryLimitFailsAloneAndAProcessorBugDoesNotStopTheBatch(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        FakeFcs.good(in.resolve("small.fcs"), 1000);          // 8 KB of float64
        FakeFcs.good(in.resolve("huge.fcs"), 1_000_000);      // 8 MB > the 4 MiB limit
        FakeFcs.good(in.resolve("bug.fcs"), 5);
        SampleProcessor p = (file, a) -> {
            if (file.getFileName().toString().equals("bug.fcs")) {
                throw new NullPointerException("processor bug");
            }
            return FakeFcs.process(file, a);
        };
        BatchSummary s;
        try (BufferAllocator root = Memory.newRootAllocator()) {
            s = new BatchRunner(BatchOptions.of(tmp.resolve("out")).withThreads(2).withSampleMemory(4L << 20), p,
                    log).run(List.of(in), root);
            assertEquals(0, root.getAllocatedMemory());
        }
        Map<String, String> codes = new TreeMap<>();
        s.failures().forEach(f -> codes.put(f.file().getFileName().toString(), f.code()));
        assertEquals(Map.of("huge.fcs", "MEMORY_LIMIT", "bug.fcs", "ERROR"), codes);
        assertEquals(Map.of("small", List.of("1000", "499.5")),
                valuesBySample(tmp.resolve("out/statistics.csv")));
    }

    @Test
    void aKilledRunRestartsWithoutRedoingFinishedSamplesOrDuplicatingRows(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        int n = 6;
        int k = 3;
        Map<String, List<String>> expected = new HashMap<>();
        for (int i = 1; i <= n; i++) {
            int events = 10 * i;
            FakeFcs.good(in.resolve(String.format("S%02d.fcs", i)), events);
            expected.put(String.format("S%02d", i), List.of(Integer.toString(events),
                    BatchRunner.shortNumber((events - 1) / 2.0)));
        }
        Path out = tmp.resolve("out");
        Process proc = startKillable(out, in, k, tmp.resolve("child.log"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (doneCount(out) < k && proc.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(k, doneCount(out), "child finished " + k + " samples then hangs: "
                    + Files.readString(tmp.resolve("child.log")));
        } finally {
            proc.destroyForcibly();
            proc.waitFor(30, TimeUnit.SECONDS);
        }
        // What a kill during writing could leave: a stray temporary file and a half-written per-sample CSV of a
        // sample without a manifest.
        Files.writeString(out.resolve(".statistics.csv.12345.tmp"), "sample,file,popul");
        Files.writeString(out.resolve("samples/S06.csv"), "sample,file,population,statistic,channel,value\nS06,x,/,co");
        assertFalse(Files.exists(out.resolve("statistics.csv")), "the killed run never got to the long table");

        AtomicInteger calls = new AtomicInteger();
        Set<String> processed = new TreeSet<>();
        SampleProcessor counting = (file, a) -> {
            calls.incrementAndGet();
            synchronized (processed) {
                processed.add(file.getFileName().toString());
            }
            return FakeFcs.process(file, a);
        };
        BatchSummary s;
        try (BufferAllocator root = Memory.newRootAllocator()) {
            s = new BatchRunner(BatchOptions.of(out).withThreads(2), counting, log).run(List.of(in), root);
            assertEquals(0, root.getAllocatedMemory());
        }
        assertEquals(0, s.exitCode());
        assertEquals(n - k, calls.get(), "only unfinished samples are redone: " + processed);
        assertEquals(Set.of("S04.fcs", "S05.fcs", "S06.fcs"), processed);
        assertEquals(k, s.upToDate());
        assertEquals(expected, valuesBySample(out.resolve("statistics.csv")));
        assertEquals(2 * n, dataLines(out.resolve("statistics.csv")).size(), "no duplicate rows");
        assertNoTemporaries(out);

        // a third run does nothing (a touched but unchanged input neither: same checksum); a changed input is
        // redone alone; --force redoes everything
        calls.set(0);
        Files.setLastModifiedTime(in.resolve("S01.fcs"), java.nio.file.attribute.FileTime.fromMillis(1_000_000L));
        try (BufferAllocator root = Memory.newRootAllocator()) {
            new BatchRunner(BatchOptions.of(out), counting, log).run(List.of(in), root);
            assertEquals(0, calls.get());
            FakeFcs.good(in.resolve("S02.fcs"), 55);
            new BatchRunner(BatchOptions.of(out), counting, log).run(List.of(in), root);
            assertEquals(1, calls.get());
            new BatchRunner(BatchOptions.of(out).withForce(true), counting, log).run(List.of(in), root);
            assertEquals(1 + n, calls.get());
        }
        expected.put("S02", List.of("55", "27"));
        assertEquals(expected, valuesBySample(out.resolve("statistics.csv")));
        assertEquals(2 * n, dataLines(out.resolve("statistics.csv")).size());
    }

    private static Process startKillable(Path out, Path in, int k, Path logFile) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+IgnoreUnrecognizedVMOptions");
        cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(KillableBatchMain.class.getName());
        cmd.add(out.toString());
        cmd.add(in.toString());
        cmd.add(Integer.toString(k));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    }

    private static long doneCount(Path out) throws IOException {
        Path state = out.resolve(Manifest.DIR);
        if (!Files.isDirectory(state)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(state)) {
            return files.filter(p -> p.toString().endsWith(".done")).count();
        }
    }

    /** sample -> [count, mean of FSC] from a statistics CSV; fails on malformed or repeated rows. */
    static Map<String, List<String>> valuesBySample(Path csv) throws IOException {
        Map<String, String[]> acc = new TreeMap<>();
        for (List<String> f : dataLines(csv)) {
            assertEquals(6, f.size(), "complete row: " + f);
            String[] v = acc.computeIfAbsent(f.get(0), x -> new String[2]);
            int slot = f.get(3).equals("count") ? 0 : 1;
            assertEquals(null, v[slot], "duplicate row " + f);
            v[slot] = BatchRunner.shortNumber(Double.parseDouble(f.get(5)));
        }
        Map<String, List<String>> out = new HashMap<>();
        acc.forEach((k, v) -> out.put(k, List.of(v)));
        return out;
    }

    static List<List<String>> dataLines(Path csv) throws IOException {
        try (var r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<List<String>> all = Csv.read(r);
            assertEquals(StatisticsTable.COLUMNS, all.get(0));
            return all.subList(1, all.size());
        }
    }

    private static void assertNoTemporaries(Path out) throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> tmp = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), tmp);
        }
    }
}
