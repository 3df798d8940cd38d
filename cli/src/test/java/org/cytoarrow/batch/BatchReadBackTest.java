package org.cytoarrow.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import blue.strategic.parquet.ParquetReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long table of a run that processed its samples (their rows kept in memory) is the one a rerun builds from
 * the per-sample files alone: the same CSV bytes and the same Parquet rows, for values and names that test the
 * CSV round trip (both zeros, NaN, infinities, the smallest and largest doubles, quotes, commas, line breaks).
 */
class BatchReadBackTest {
    private static final double[] VALUES = {-0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MAX_VALUE, 0.1, 1e15, 1e15 + 2, -123456789, 2.5e-308};

    @Test
    void aRerunReadsBackTheTableTheRunWrote(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (String name : List.of("A", "B", "C")) {
            FakeFcs.good(in.resolve(name + ".fcs"), 10);
        }
        SampleProcessor p = (file, allocator) -> {
            String tag = file.getFileName().toString();
            List<StatisticRow> rows = Arrays.stream(VALUES)
                    .mapToObj(v -> new StatisticRow("/Cells, \"live\"\n" + tag, "median", "FL1-A", v))
                    .toList();
            return new SampleOutcome(10, Map.of("$FIL", tag), rows, List.of());
        };
        Path out = tmp.resolve("out");
        byte[] csv = run(in, out, p, 3);
        List<String> parquet = parquetRows(out);
        assertEquals(3 * VALUES.length, parquet.size());
        byte[] csvAgain = run(in, out, p, 0);
        assertEquals(new String(csv, StandardCharsets.UTF_8), new String(csvAgain, StandardCharsets.UTF_8));
        assertEquals(parquet, parquetRows(out));
    }

    private static byte[] run(Path in, Path out, SampleProcessor p, int processed) throws Exception {
        try (BufferAllocator root = Memory.newRootAllocator()) {
            BatchSummary s = new BatchRunner(BatchOptions.of(out).withThreads(2), p,
                    new PrintWriter(new StringWriter())).run(List.of(in), root);
            assertEquals(processed, s.processed());
            assertEquals(List.of(), s.failures());
            assertEquals(0, root.getAllocatedMemory());
        }
        return Files.readAllBytes(out.resolve("statistics.csv"));
    }

    private static List<String> parquetRows(Path out) throws Exception {
        try (Stream<String[]> rows = ParquetReader.streamContentToStrings(out.resolve("statistics.parquet")
                .toFile())) {
            return rows.map(Arrays::toString).collect(Collectors.toList());
        }
    }
}
