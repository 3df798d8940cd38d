package org.cytoarrow.fcs;

import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;

/**
 * Run by {@link NoOpensTest} in a JVM started without {@code --add-opens=java.base/java.nio=ALL-UNNAMED}: prints
 * what {@link Memory#newRootAllocator()} says, what reading a good file with a plain Arrow root gives, and
 * {@code CLOSED} when that root closed without a leak.
 */
final class NoOpensMain {
    private NoOpensMain() {
    }

    public static void main(String[] args) {
        try {
            Memory.newRootAllocator().close();
            System.out.println("ROOT: made");
        } catch (IllegalStateException e) {
            System.out.println("ROOT: " + e.getMessage());
        }
        Path file = FcsBytes.write(Path.of(args[0]), "case.fcs", BadInputTest.base(Map.of()));
        try (BufferAllocator plain = new RootAllocator()) {
            try (FcsFile fcs = FcsFile.open(file); EventFrame frame = fcs.read(0, plain)) {
                System.out.println("READ: ok, " + frame.eventCount() + " events");
            } catch (CytoException e) {
                System.out.println("READ: " + e.code() + " " + e.getMessage());
            }
        } // closing throws when the failed read left memory allocated
        System.out.println("CLOSED");
    }
}
