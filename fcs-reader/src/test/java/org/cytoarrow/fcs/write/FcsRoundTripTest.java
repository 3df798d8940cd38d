package org.cytoarrow.fcs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.core.Sample;
import org.cytoarrow.fcs.FcsFile;
import org.cytoarrow.fcs.FcsSniffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every readable data set of ../shared/testdata, read, written as FCS 3.1 and read again, must give bit-identical
 * raw values, the same channels ($PnN, $PnS, $PnR, $PnE, $PnG, time/timestep), the same spillover matrix and the
 * same keywords apart from those that describe the file layout (offsets, $DATATYPE, $BYTEORD, $PnB, ...), which
 * the writer rewrites by design. Files with several data sets are written as one multi-data-set file.
 */
class FcsRoundTripTest {
    private static final Pattern LAYOUT = Pattern.compile("\\$(BEGINANALYSIS|ENDANALYSIS|BEGINSTEXT|ENDSTEXT|BEGINDATA"
            + "|ENDDATA|BYTEORD|DATATYPE|MODE|NEXTDATA|PAR|TOT|UNICODE|P\\d+(N|S|B|E|R|G|DATATYPE))");

    static Path testdata() {
        String root = System.getProperty("cytoarrow.repo.root");
        return root == null ? null : Path.of(root, "..", "shared", "testdata").normalize();
    }

    static Stream<String> files() throws IOException {
        Path t = testdata();
        if (t == null || !Files.isDirectory(t)) {
            return Stream.of("(no testdata)");
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(t)) {
            walk.filter(Files::isRegularFile).filter(FcsSniffer::isFcs).sorted()
                    .forEach(p -> out.add(t.relativize(p).toString()));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("files")
    void readWriteReadIsIdentical(String relative) throws IOException {
        Path t = testdata();
        Assumptions.assumeTrue(t != null && Files.isDirectory(t), "../shared/testdata not found: skipping");
        Path source = t.resolve(relative);
        Path written = Files.createTempFile("roundtrip", ".fcs");
        try (BufferAllocator root = Memory.newRootAllocator()) {
            List<EventFrame> frames = new ArrayList<>();
            try (FcsFile fcs = FcsFile.open(source)) {
                for (int i = 0; i < fcs.datasets().size(); i++) {
                    frames.add(fcs.read(i, root));
                }
            } catch (CytoException e) {
                frames.forEach(EventFrame::close);
                Assumptions.abort(relative + " is not readable (" + e.code() + "), nothing to round-trip");
            }
            try {
                FcsWriter.write(frames, written, Values.RAW);
                try (FcsFile again = FcsFile.open(written)) {
                    assertEquals(frames.size(), again.datasets().size(), "data sets");
                    for (int d = 0; d < frames.size(); d++) {
                        try (EventFrame back = again.read(d, root)) {
                            compare(relative + " data set " + d, frames.get(d), back);
                        }
                    }
                }
            } finally {
                frames.forEach(EventFrame::close);
            }
            assertEquals(0, root.getAllocatedMemory());
        } finally {
            Files.deleteIfExists(written);
        }
    }

    /**
     * A read of every other channel written and read back is that read: the writer takes each channel's $PnR, $PnE
     * and $PnG text by its new number, so the projected sample's keywords must be renumbered with its channels.
     */
    @ParameterizedTest
    @MethodSource("files")
    void everyOtherChannelWrittenAndReadBack(String relative) throws IOException {
        Path t = testdata();
        Assumptions.assumeTrue(t != null && Files.isDirectory(t), "../shared/testdata not found: skipping");
        Path written = Files.createTempFile("projected", ".fcs");
        try (BufferAllocator root = Memory.newRootAllocator(); FcsFile fcs = FcsFile.open(t.resolve(relative))) {
            Sample first = fcs.datasets().get(0);
            List<String> names = first.channels().stream().map(Channel::name).toList();
            Assumptions.assumeTrue(names.stream().distinct().count() == names.size(),
                    relative + " has duplicate $PnN: a name cannot pick one of them");
            List<String> chosen = new ArrayList<>();
            for (int c = 1; c < names.size(); c += 2) {
                chosen.add(names.get(c));
            }
            Assumptions.assumeFalse(chosen.isEmpty(), relative + " has a single channel");
            EventFrame part;
            try {
                part = fcs.read(0, root, chosen);
            } catch (CytoException e) {
                Assumptions.abort(relative + " is not readable (" + e.code() + "), nothing to round-trip");
                return;
            }
            try (part) {
                FcsWriter.write(part, written, Values.RAW);
                try (FcsFile again = FcsFile.open(written); EventFrame back = again.read(0, root)) {
                    compare(relative + " every other channel", part, back);
                }
            }
            assertEquals(0, root.getAllocatedMemory());
        } finally {
            Files.deleteIfExists(written);
        }
    }

    private static void compare(String what, EventFrame a, EventFrame b) {
        assertEquals(a.eventCount(), b.eventCount(), what + ": events");
        assertEquals(a.channels().size(), b.channels().size(), what + ": channels");
        for (int c = 0; c < a.channels().size(); c++) {
            Channel x = a.channels().get(c);
            Channel y = b.channels().get(c);
            String ch = what + " channel " + x.name();
            assertEquals(x.name(), y.name(), ch);
            assertEquals(x.label() == null || x.label().isEmpty() ? null : x.label(), y.label(), ch + " label");
            assertEquals(x.range(), y.range(), ch + " range");
            assertEquals(x.decades(), y.decades(), ch + " decades");
            assertEquals(x.decades() > 0 ? x.offset() : 0, y.decades() > 0 ? y.offset() : 0, ch + " offset");
            assertEquals(x.gain(), y.gain(), ch + " gain");
            assertEquals(x.time(), y.time(), ch + " time");
            assertEquals(x.timestep(), y.timestep(), ch + " timestep");
            double[] u = a.rawColumn(c);
            double[] v = b.rawColumn(c);
            for (int i = 0; i < u.length; i++) {
                if (Double.doubleToLongBits(u[i]) != Double.doubleToLongBits(v[i])) {
                    assertEquals(u[i], v[i], ch + " event " + i);
                }
            }
        }
        assertEquals(a.sample().spillover(), b.sample().spillover(), what + ": spillover");
        assertEquals(content(a.sample()), content(b.sample()), what + ": keywords");
        assertTrue(b.sample().keyword("$DATATYPE").isPresent());
    }

    /** Keywords that carry content, upper-cased keys (FCS keywords are case-insensitive), empty values dropped. */
    private static Map<String, String> content(Sample s) {
        Map<String, String> m = new LinkedHashMap<>();
        s.keywords().forEach((k, v) -> {
            String key = k.toUpperCase(Locale.ROOT);
            if (v != null && !v.isEmpty() && !LAYOUT.matcher(key).matches()) {
                m.put(key, v);
            }
        });
        return m;
    }
}
