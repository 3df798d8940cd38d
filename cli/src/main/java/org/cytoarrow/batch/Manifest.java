package org.cytoarrow.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.cytoarrow.report.AtomicOutput;

/**
 * The record that a sample's outputs are complete: {@code OUTDIR/.state/<hash of input path>.done}, a
 * properties file with the input's size, modification time and SHA-256, the sample name, the output files and
 * the sample's metadata, and the {@link ControlThresholds#fingerprint()} of the control thresholds its
 * statistics were computed with ({@code controls}, empty for none), and the {@link SampleProcessor#fingerprint()}
 * of the processing (the gating strategy, statistics and plots: {@code processor}). It is written (atomically)
 * only after every output of the sample, so its presence means "done"; a rerun skips the sample when the manifest
 * matches the input, the outputs still exist and the processing and thresholds it would get are the same.
 */
record Manifest(String input, long size, long mtimeMillis, String sha256, String sample, long events, String csv,
        List<String> plots, Map<String, String> metadata, String controls, String processor) {

    static final String DIR = ".state";

    Manifest {
        plots = List.copyOf(plots);
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        controls = controls == null ? "" : controls;
        processor = processor == null ? "" : processor;
    }

    /** Where the manifest of {@code input} lives. */
    static Path pathFor(Path outDir, Path input) {
        String key = sha256(input.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
        return outDir.resolve(DIR).resolve(key.substring(0, 32) + ".done");
    }

    /** Size, time and content hash of {@code input} now. */
    static Fingerprint fingerprint(Path input) throws IOException {
        BasicFileAttributes a = Files.readAttributes(input, BasicFileAttributes.class);
        return new Fingerprint(a.size(), a.lastModifiedTime().toMillis(), hashFile(input));
    }

    /** Size, time and content hash of an input file. */
    record Fingerprint(long size, long mtimeMillis, String sha256) {
    }

    void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("input", input);
        p.setProperty("size", Long.toString(size));
        p.setProperty("mtime", Long.toString(mtimeMillis));
        p.setProperty("sha256", sha256);
        p.setProperty("sample", sample);
        p.setProperty("events", Long.toString(events));
        p.setProperty("csv", csv);
        p.setProperty("controls", controls);
        p.setProperty("processor", processor);
        p.setProperty("plots.count", Integer.toString(plots.size()));
        for (int i = 0; i < plots.size(); i++) {
            p.setProperty("plots." + i, plots.get(i));
        }
        int i = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            p.setProperty("meta." + i + ".key", e.getKey());
            p.setProperty("meta." + i + ".value", e.getValue());
            i++;
        }
        p.setProperty("meta.count", Integer.toString(metadata.size()));
        AtomicOutput.write(file, out -> {
            java.io.Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            p.store(w, "cytoarrow batch: the outputs of this sample are complete");
            w.flush();
        });
    }

    /** The manifest in {@code file}, or null when missing or unreadable (then the sample is redone). */
    static Manifest read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            List<String> plots = new ArrayList<>();
            int n = Integer.parseInt(p.getProperty("plots.count"));
            for (int i = 0; i < n; i++) {
                plots.add(require(p, "plots." + i));
            }
            Map<String, String> meta = new LinkedHashMap<>();
            int m = Integer.parseInt(p.getProperty("meta.count"));
            for (int i = 0; i < m; i++) {
                meta.put(require(p, "meta." + i + ".key"), require(p, "meta." + i + ".value"));
            }
            return new Manifest(require(p, "input"), Long.parseLong(require(p, "size")),
                    Long.parseLong(require(p, "mtime")), require(p, "sha256"), require(p, "sample"),
                    Long.parseLong(require(p, "events")), require(p, "csv"), plots, meta,
                    p.getProperty("controls", ""), // manifests of earlier versions: computed without thresholds
                    p.getProperty("processor", "")); // and with processing unknown: redone by a gating processor
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String require(Properties p, String key) throws IOException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IOException("manifest lacks " + key);
        }
        return v;
    }

    /**
     * True when this manifest describes {@code input} as it is now, processed as {@code processorFingerprint}
     * says ({@link SampleProcessor#fingerprint()}), and every output it lists exists. Size and time are compared
     * first; a changed time with the same size falls back to the content hash (a copy or {@code touch} does not
     * force a redo).
     */
    boolean isCurrent(Path input, String expectedSample, String processorFingerprint, Path outDir) {
        try {
            if (!sample.equals(expectedSample) || !processor.equals(processorFingerprint)
                    || !Files.isRegularFile(outDir.resolve(csv))) {
                return false;
            }
            for (String plot : plots) {
                if (!Files.isRegularFile(outDir.resolve(plot))) {
                    return false;
                }
            }
            BasicFileAttributes a = Files.readAttributes(input, BasicFileAttributes.class);
            if (a.size() != size) {
                return false;
            }
            return a.lastModifiedTime().toMillis() == mtimeMillis || hashFile(input).equals(sha256);
        } catch (IOException e) {
            return false; // input gone or unreadable: processing it again reports why
        }
    }

    static String hashFile(Path file) throws IOException {
        MessageDigest md = sha();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha().digest(bytes));
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

}
