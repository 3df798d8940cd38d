package org.cytoarrow.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import org.cytoarrow.core.io.AtomicFile;

/**
 * The demo study panel shipped as resources: two Gating-ML 2.0 files and a properties file describing channels,
 * tube types, the isotype-control threshold and the specific-apoptosis formula (resource folder
 * {@code org/cytoarrow/testdata/panel/}). Gate coordinates match {@link DemoCohort}.
 */
public final class StudyPanel {
    /** Gates for the stained and isotype tubes: Cells, Singlets, PlasmaCells, CD138pos, CD138xIL6 quadrants. */
    public static final String MYELOMA_GATING = "myeloma_il6.xml";
    /** Gates for the untreated and dexamethasone tubes: Cells, Singlets, PIpos. */
    public static final String APOPTOSIS_GATING = "apoptosis_pi.xml";
    /** Panel description (java.util.Properties). */
    public static final String PROPERTIES = "panel.properties";
    /** Every panel file. */
    public static final List<String> FILES = List.of(MYELOMA_GATING, APOPTOSIS_GATING, PROPERTIES);

    private static final String FOLDER = "panel/";

    private StudyPanel() {
    }

    /** Opens one panel resource (a name from {@link #FILES}); the caller closes the stream. */
    public static InputStream open(String name) {
        if (!FILES.contains(name)) {
            throw new IllegalArgumentException("No panel file " + name + "; known: " + FILES);
        }
        InputStream in = StudyPanel.class.getResourceAsStream(FOLDER + name);
        if (in == null) {
            throw new IllegalStateException("Panel resource " + FOLDER + name + " missing from the classpath");
        }
        return in;
    }

    /** The panel description. */
    public static Properties properties() {
        Properties p = new Properties();
        try (InputStream in = open(PROPERTIES)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read panel " + PROPERTIES, e);
        }
        return p;
    }

    /** Copies every panel file into {@code dir} (created if needed) and returns {@code dir}. */
    public static Path copyTo(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String name : FILES) {
                AtomicFile.write(dir.resolve(name), tmp -> {
                    try (InputStream in = open(name)) {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    }
                });
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the study panel to " + dir, e);
        }
    }
}
