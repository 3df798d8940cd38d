package org.cytoarrow.gating.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.SampleSheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlMatcherTest {
    private static final List<Path> FILES = List.of(Path.of("data/P001_stained.fcs"), Path.of("data/P001_isotype.fcs"),
            Path.of("data/P002_stained.fcs"), Path.of("data/P002_isotype.fcs"), Path.of("data/notes.fcs"));

    @Test
    void fileNamePatternWithNamedGroups() {
        ControlMatcher m = ControlMatcher.byFileName("(?<patient>P\\d+)_(?<tube>[a-z]+)\\.fcs");
        assertEquals(Optional.of(new ControlMatcher.SampleKey("P002", "isotype")), m.key(FILES.get(3)));
        assertEquals(Optional.empty(), m.key(FILES.get(4)));
        assertEquals(Optional.of(FILES.get(3)), m.controlFor(FILES.get(2), "isotype", FILES));
        assertEquals(Optional.empty(), m.controlFor(FILES.get(2), "fmo", FILES));
        Map<String, Map<String, Path>> byPatient = m.byPatient(FILES);
        assertEquals(List.of("P001", "P002"), List.copyOf(byPatient.keySet()));
        assertEquals(Map.of("stained", FILES.get(0), "isotype", FILES.get(1)), byPatient.get("P001"));
    }

    @Test
    void fileNamePatternWithPositionalGroups() {
        ControlMatcher m = ControlMatcher.byFileName("(P\\d+)_(\\w+)\\.fcs");
        assertEquals(Optional.of(FILES.get(1)), m.controlFor(FILES.get(0), "isotype", FILES));
        CytoException e = assertThrows(CytoException.class, () -> ControlMatcher.byFileName("(P\\d+)_.*"));
        assertEquals("CONTROL_RULE", e.code());
        assertThrows(CytoException.class, () -> ControlMatcher.byFileName("(P\\d+"));
    }

    @Test
    void twoFilesForOneTubeAreAmbiguous() {
        ControlMatcher m = ControlMatcher.byFileName("(P\\d+)_([a-z]+).*\\.fcs");
        List<Path> files = List.of(Path.of("P1_isotype.fcs"), Path.of("P1_isotype2.fcs"));
        assertEquals("CONTROL_AMBIGUOUS", assertThrows(CytoException.class, () -> m.byPatient(files)).code());
    }

    @Test
    void sheetColumns(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("sheet.csv");
        Files.writeString(csv, "patient,tube,file,note\n"
                + "A1,stained,fcs/a.fcs,\"quoted, with comma\"\n"
                + "A1,isotype,fcs/b.fcs,\n"
                + "B2,stained,c.fcs,\"say \"\"hi\"\"\"\n");
        SampleSheet sheet = SampleSheet.read(csv);
        assertEquals("quoted, with comma", sheet.rows().get(0).get("note"));
        assertEquals("say \"hi\"", sheet.rows().get(2).get("note"));
        ControlMatcher m = ControlMatcher.bySheet(sheet, "patient", "tube");
        List<Path> files = List.of(dir.resolve("fcs/a.fcs"), dir.resolve("fcs/b.fcs"), dir.resolve("other/c.fcs"));
        assertEquals(Optional.of(files.get(1)), m.controlFor(files.get(0), "isotype", files));
        assertEquals(Optional.of(new ControlMatcher.SampleKey("B2", "stained")), m.key(files.get(2)));
        assertTrue(m.controlFor(files.get(2), "isotype", files).isEmpty());
        assertEquals("SAMPLE_SHEET", assertThrows(CytoException.class,
                () -> ControlMatcher.bySheet(sheet, "donor", "tube")).code());
    }
}
