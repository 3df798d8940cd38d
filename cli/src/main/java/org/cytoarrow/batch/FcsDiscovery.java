package org.cytoarrow.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds FCS files under folders by content, not by name.
 *
 * <p>Rules, in order, for every file met while walking (hidden folders and the output folder are not entered,
 * hidden files such as macOS {@code ._A01.fcs} resource forks are ignored):
 * <ol>
 *   <li>a regular file whose first six bytes are {@code FCS2.0}, {@code FCS3.0}, {@code FCS3.1} or
 *       {@code FCS3.2} is a sample, whatever its name ({@code .fcs}, {@code .LMD}, CellQuest's
 *       {@code 0877408774.B08}, no extension at all);</li>
 *   <li>a file whose name ends in {@code .fcs} or {@code .lmd} (any case) but is not one is a failure:
 *       {@code EMPTY} (0 bytes), {@code NOT_FCS} (other content), {@code UNREADABLE} (cannot be opened, a
 *       broken link, not a regular file);</li>
 *   <li>any file that cannot be read is a failure {@code UNREADABLE}, since it might be an FCS file;</li>
 *   <li>everything else (README, CSV, XML, compensation side files...) is ignored and only counted.</li>
 * </ol>
 * A file named explicitly (not found by walking) counts as claiming to be FCS.
 *
 * <p>Symbolic links are followed, to folders as well as to files: workflow managers such as Nextflow or Snakemake
 * stage their inputs as links, and labs link day folders together. A file reached by several paths (links, hard
 * links, overlapping folders given together) is one sample, found under its first path in sorted order that has
 * no link in it, or else its first; a link back to a folder being walked (a cycle) is not entered again.
 */
final class FcsDiscovery {
    /** What a scan found. Samples are sorted and unique. */
    record Result(List<Path> samples, List<Failure> rejected, int ignored) {
    }

    private static final List<String> VERSIONS = List.of("FCS2.0", "FCS3.0", "FCS3.1", "FCS3.2");

    private FcsDiscovery() {
    }

    static Result scan(List<Path> roots, Path exclude) throws IOException {
        TreeSet<Path> samples = new TreeSet<>();
        List<Failure> rejected = new ArrayList<>();
        int[] ignored = {0};
        Object skip = exclude == null ? null : fileKey(exclude.toAbsolutePath().normalize());
        for (Path root0 : roots) {
            Path root = root0.toAbsolutePath().normalize();
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                rejected.add(new Failure(root0, "NOT_FOUND", root0 + ": no such file or folder"));
                continue;
            }
            if (!Files.isDirectory(root)) {
                classify(root, true, samples, rejected, ignored);
                continue;
            }
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && (dir.getFileName().toString().startsWith(".")
                            || skip != null && skip.equals(folderKey(dir, attrs)))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    classify(file, false, samples, rejected, ignored);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (e instanceof FileSystemLoopException) {
                        return FileVisitResult.CONTINUE; // its files are found under the folder it leads back to
                    }
                    rejected.add(new Failure(file, "UNREADABLE", file + ": cannot be read: " + e.getMessage()));
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        rejected.sort((a, b) -> a.file().compareTo(b.file()));
        return new Result(onePathPerFile(samples), rejected, ignored[0]);
    }

    /**
     * One path per file of {@code paths} (sorted): of those that reach the same file, the first without a symbolic
     * link in it (so {@code A01.fcs}, not a link {@code A01-copy.fcs} beside it, names the sample), or else the
     * first. In sorted order.
     */
    private static List<Path> onePathPerFile(TreeSet<Path> paths) {
        Map<Object, Path> chosen = new HashMap<>();
        for (Path p : paths) {
            chosen.merge(fileKey(p), p, (first, other) -> !isReal(first) && isReal(other) ? other : first);
        }
        return chosen.values().stream().sorted().toList();
    }

    /** Whether {@code p} (absolute, normalised) is its own real path: no symbolic link on the way. */
    private static boolean isReal(Path p) {
        try {
            return p.toRealPath().equals(p);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * What identifies the file {@code p} leads to: the file system's key (device and inode on Linux and macOS),
     * which also joins hard links, or else its real path; {@code p} itself when neither can be read.
     */
    private static Object fileKey(Path p) {
        try {
            Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
            return key != null ? key : p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    /** {@link #fileKey} of a folder, from attributes already read where the walk has them. */
    private static Object folderKey(Path dir, BasicFileAttributes attrs) {
        Object key = attrs.fileKey();
        return key != null ? key : fileKey(dir);
    }

    private static void classify(Path file, boolean explicit, TreeSet<Path> samples, List<Failure> rejected,
            int[] ignored) {
        if (!explicit && file.getFileName().toString().startsWith(".")) {
            ignored[0]++; // hidden: our temporaries, macOS "._A01.fcs" resource forks, editor backups
            return;
        }
        boolean claims = explicit || claimsFcs(file);
        if (!Files.isRegularFile(file)) {
            if (claims) {
                String why = Files.exists(file) ? "not a regular file" : "broken link";
                rejected.add(new Failure(file, "UNREADABLE", file + ": " + why));
            } else {
                ignored[0]++;
            }
            return;
        }
        String head;
        try {
            head = firstBytes(file);
        } catch (IOException e) {
            rejected.add(new Failure(file, "UNREADABLE", file + ": cannot be read: " + e));
            return;
        }
        if (isFcsHeader(head)) {
            samples.add(file);
        } else if (claims) {
            if (head.isEmpty()) {
                rejected.add(new Failure(file, "EMPTY", file + ": file is empty (0 bytes)"));
            } else {
                rejected.add(new Failure(file, "NOT_FCS", file + ": not an FCS file: first bytes are \""
                        + printable(head) + "\", expected FCS2.0, FCS3.0, FCS3.1 or FCS3.2"));
            }
        } else {
            ignored[0]++;
        }
    }

    /** True when the name says FCS: extension {@code .fcs} or {@code .lmd}, any case. */
    static boolean claimsFcs(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".fcs") || n.endsWith(".lmd");
    }

    /** True when {@code head} starts with a supported FCS version (FCS 3.1 section 3.2.1). */
    static boolean isFcsHeader(String head) {
        return head.length() >= 6 && VERSIONS.contains(head.substring(0, 6));
    }

    /** True when {@code file} starts with an FCS HEADER version; false for unreadable or short files. */
    static boolean isFcs(Path file) {
        try {
            return Files.isRegularFile(file) && isFcsHeader(firstBytes(file));
        } catch (IOException e) {
            return false;
        }
    }

    private static String firstBytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(10), StandardCharsets.ISO_8859_1);
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }
}
