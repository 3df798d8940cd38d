package org.cytoarrow.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link FcsDiscovery} walks folders reached through symbolic links. */
class FcsDiscoveryTest {
    @TempDir
    Path tmp;

    private static Path fcs(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "FCS3.1    and the rest");
    }

    /** Creates a symbolic link, or skips the test where the file system or the user may not create one. */
    private static Path link(Path link, Path target) {
        try {
            return Files.createSymbolicLink(link, target);
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "symbolic links cannot be created here: " + e);
            return null;
        }
    }

    @Test
    void aLinkedFolderGivenAsTheRootIsWalked() throws Exception {
        Path real = tmp.resolve("acquisitions");
        Path a = fcs(real.resolve("day1/A01.fcs"));
        fcs(real.resolve("day1/A02"));
        Path staged = link(tmp.resolve("staged"), real); // as Nextflow stages a folder input

        FcsDiscovery.Result r = FcsDiscovery.scan(List.of(staged), null);

        assertEquals(List.of(staged.resolve("day1/A01.fcs"), staged.resolve("day1/A02")), r.samples());
        assertTrue(Files.isSameFile(a, r.samples().get(0)));
        assertEquals(List.of(), r.rejected());
    }

    @Test
    void linkedSubfoldersAndFilesAreFollowedAndEachFileCountsOnce() throws Exception {
        Path base = tmp.toRealPath(); // on macOS /tmp itself is a link
        Path root = base.resolve("run");
        fcs(root.resolve("day1/A01.fcs"));
        Path elsewhere = fcs(base.resolve("archive/day2/B01.fcs")).getParent();
        link(root.resolve("day2"), elsewhere);
        link(root.resolve("day1/A01-again.fcs"), root.resolve("day1/A01.fcs"));
        Files.createLink(root.resolve("day1/A01-hard.fcs"), root.resolve("day1/A01.fcs"));
        link(root.resolve("day1/A00-link.fcs"), root.resolve("day1/A01.fcs"));

        // The archive folder is also given on its own: B01 is reached twice, A01 four times.
        FcsDiscovery.Result r = FcsDiscovery.scan(List.of(root, base.resolve("archive")), null);

        assertEquals(List.of(base.resolve("archive/day2/B01.fcs"), root.resolve("day1/A01-hard.fcs")),
                r.samples(), "the first path without a link (a hard link is as real as the file)");
        assertEquals(List.of(), r.rejected());
    }

    @Test
    void aLinkBackToAnEnclosingFolderEndsTheWalkWithoutFailures() throws Exception {
        Path root = tmp.resolve("run");
        fcs(root.resolve("day1/A01.fcs"));
        link(root.resolve("day1/up"), root);

        FcsDiscovery.Result r = FcsDiscovery.scan(List.of(root), null);

        assertEquals(List.of(root.resolve("day1/A01.fcs")), r.samples());
        assertEquals(List.of(), r.rejected());
    }

    @Test
    void theOutputFolderIsSkippedAlsoWhenALinkLeadsToIt() throws Exception {
        Path root = tmp.resolve("run");
        fcs(root.resolve("A01.fcs"));
        Path out = tmp.resolve("out");
        fcs(out.resolve("copies/A01.fcs"));
        link(root.resolve("results"), out);

        FcsDiscovery.Result r = FcsDiscovery.scan(List.of(root), out);

        assertEquals(List.of(root.resolve("A01.fcs")), r.samples());
    }

    @Test
    void aBrokenLinkNamedFcsIsAFailure() throws Exception {
        Path root = tmp.resolve("run");
        fcs(root.resolve("A01.fcs"));
        link(root.resolve("A02.fcs"), tmp.resolve("gone.fcs"));
        link(root.resolve("notes"), tmp.resolve("gone"));

        FcsDiscovery.Result r = FcsDiscovery.scan(List.of(root), null);

        assertEquals(List.of(root.resolve("A01.fcs")), r.samples());
        assertEquals(1, r.rejected().size());
        assertEquals(root.resolve("A02.fcs"), r.rejected().get(0).file());
        assertEquals("UNREADABLE", r.rejected().get(0).code());
        assertEquals(1, r.ignored());
    }
}
