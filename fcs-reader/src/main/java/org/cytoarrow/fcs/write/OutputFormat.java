package org.cytoarrow.fcs.write;

import java.nio.file.Path;
import java.util.Locale;
import org.cytoarrow.core.EventFrame;

/** The file formats cytoarrow writes, chosen by file extension. */
public enum OutputFormat {
    /** FCS 3.1 ({@link FcsWriter}); extension {@code .fcs}. */
    FCS("fcs"),
    /** Arrow IPC file / Feather v2 ({@link ArrowIpcWriter}); extensions {@code .arrow}, {@code .feather}. */
    ARROW("arrow"),
    /** Parquet ({@link ParquetWriter}); extension {@code .parquet}. */
    PARQUET("parquet"),
    /** CSV ({@link CsvWriter}); extension {@code .csv}. */
    CSV("csv");

    private final String extension;

    OutputFormat(String extension) {
        this.extension = extension;
    }

    /** The usual file extension, without the dot. */
    public String extension() {
        return extension;
    }

    /**
     * The format named by a path's extension (case-insensitive; {@code .feather} and {@code .ipc} are Arrow).
     *
     * @throws IllegalArgumentException for any other extension
     */
    public static OutputFormat ofPath(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "fcs" -> FCS;
            case "arrow", "feather", "ipc" -> ARROW;
            case "parquet" -> PARQUET;
            case "csv" -> CSV;
            default -> throw new IllegalArgumentException("Cannot tell the output format of " + path
                    + ": use the extension .arrow, .parquet, .csv or .fcs");
        };
    }

    /** Writes {@code frame} to {@code path} in this format. */
    public void write(EventFrame frame, Path path, Values values) {
        switch (this) {
            case FCS -> FcsWriter.write(frame, path, values);
            case ARROW -> ArrowIpcWriter.write(frame, path, values);
            case PARQUET -> ParquetWriter.write(frame, path, values);
            case CSV -> CsvWriter.write(frame, path, values);
            default -> throw new AssertionError(this);
        }
    }

    /**
     * The path of data set {@code index} when every data set goes to its own file: {@code OUT.ext} becomes
     * {@code OUT_ds<index>.ext}.
     */
    public static Path datasetPath(Path path, int index) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot <= 0 ? name : name.substring(0, dot);
        String ext = dot <= 0 ? "" : name.substring(dot);
        return path.resolveSibling(base + "_ds" + index + ext);
    }
}
