package org.cytoarrow.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.io.Csv;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The header-only processor over the real test corpus: every FCS/LMD file is found by content whatever its
 * name, each event count equals MANIFEST.csv's {@code tot} of data set 0, and the two broken files fail with
 * the reason MANIFEST gives ({@code not_fcs}, {@code data_missing}).
 */
class SampleProcessorsTest {
    static Path testdata() {
        String root = System.getProperty("cytoarrow.repo.root");
        Path p = root == null ? null : Path.of(root, "..", "shared", "testdata").normalize();
        Assumptions.assumeTrue(p != null && Files.isDirectory(p), "../shared/testdata not found: skipping");
        return p;
    }

    @Test
    void countsMatchTheManifestForEveryFileOfTheCorpus(@TempDir Path tmp) throws Exception {
        Path data = testdata();
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> status = new TreeMap<>();
        try (BufferedReader r = Files.newBufferedReader(data.resolve("MANIFEST.csv"), StandardCharsets.UTF_8)) {
            List<List<String>> rows = Csv.read(r);
            List<String> h = rows.get(0);
            for (List<String> row : rows.subList(1, rows.size())) {
                if (row.get(h.indexOf("dataset_index")).equals("0")) {
                    String path = row.get(h.indexOf("path"));
                    status.put(path, row.get(h.indexOf("status")));
                    if (row.get(h.indexOf("status")).equals("ok")) {
                        expected.put(path, row.get(h.indexOf("tot")));
                    }
                }
            }
        }
        BatchSummary s;
        try (BufferAllocator root = Memory.newRootAllocator()) {
            s = new BatchRunner(BatchOptions.of(tmp).withThreads(2), SampleProcessors.headerOnly(),
                    new PrintWriter(new StringWriter())).run(List.of(data), root);
        }
        Map<String, String> counts = new TreeMap<>();
        for (List<String> row : BatchFaultsTest.dataLines(tmp.resolve("statistics.csv"))) {
            counts.put(data.relativize(Path.of(row.get(1))).toString(), row.get(5));
        }
        assertEquals(expected, counts);
        Map<String, String> failed = new HashMap<>();
        s.failures().forEach(f -> failed.put(data.relativize(f.file()).toString(), f.code()));
        assertEquals(Map.of("fcs/noncompliant/corrupted.fcs", "NOT_FCS",
                "fcs/noncompliant/sample_header.fcs", "TRUNCATED"), failed);
        assertEquals("not_fcs", status.get("fcs/noncompliant/corrupted.fcs"));
        assertEquals("data_missing", status.get("fcs/noncompliant/sample_header.fcs"));
    }
}
