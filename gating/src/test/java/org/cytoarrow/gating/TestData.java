package org.cytoarrow.gating;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Locates ../shared/testdata and reads its small CSV files. */
final class TestData {
    private TestData() {
    }

    /** The shared test data directory, or the test is skipped. */
    static Path root() {
        String repo = System.getProperty("cytoarrow.repo.root");
        Path p = repo == null ? null : Path.of(repo).resolve("../shared/testdata").normalize();
        Assumptions.assumeTrue(p != null && Files.isDirectory(p), "../shared/testdata not found: skipping");
        return p;
    }

    /** The Gating-ML XSD directory ../shared/specs, or the test is skipped. */
    static Path specs() {
        String repo = System.getProperty("cytoarrow.repo.root");
        Path p = repo == null ? null : Path.of(repo).resolve("../shared/specs").normalize();
        Assumptions.assumeTrue(p != null && Files.isRegularFile(p.resolve("Gating-ML.v2.0.xsd")),
                "../shared/specs not found: skipping");
        return p;
    }

    /** Rows of a CSV file with a header (RFC 4180 quoting), as column name to value. */
    static List<Map<String, String>> csv(Path file) throws IOException {
        List<List<String>> records = new ArrayList<>();
        String text = Files.readString(file);
        List<String> rec = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                rec.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                rec.add(field.toString());
                field.setLength(0);
                records.add(rec);
                rec = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !rec.isEmpty()) {
            rec.add(field.toString());
            records.add(rec);
        }
        List<String> header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            if (r.size() == 1 && r.get(0).isEmpty()) {
                continue;
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), i < r.size() ? r.get(i) : "");
            }
            rows.add(m);
        }
        return rows;
    }
}
