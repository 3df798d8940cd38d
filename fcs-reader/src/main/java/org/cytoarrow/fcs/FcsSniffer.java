package org.cytoarrow.fcs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells FCS files from other files by content: an FCS file starts with "FCS" + version ("FCS3.1"). */
public final class FcsSniffer {
    private FcsSniffer() {
    }

    /** Whether the file starts with an FCS HEADER version; false for unreadable files and directories. */
    public static boolean isFcs(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] b = in.readNBytes(6);
            return FcsHeader.looksLikeFcs(b, b.length);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
