package org.cytoarrow.fcs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.util.OversizedAllocationException;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.Stringency;

/**
 * An open FCS file (FCS 2.0, 3.0, 3.1, 3.2): the HEADER and TEXT of every data set are read by {@link #open},
 * events only on {@link #read} or {@link #batches}.
 *
 * <pre>{@code
 * try (BufferAllocator root = Memory.newRootAllocator();
 *      FcsFile fcs = FcsFile.open(path);
 *      EventFrame events = fcs.read(0, root)) {
 *     fcs.datasets().get(0).issues().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Data sets are chained by $NEXTDATA (relative to the start of the current data set); links that point
 * backwards or past the end of the file end the chain with a {@link FcsIssueCode#NEXTDATA_INVALID} issue. Every
 * offset and size in the file is checked against the real file size before memory is allocated, so any byte input
 * gives either data or a {@link CytoException} whose code is a {@link FcsIssueCode} name.
 *
 * <p>Holds the file open until {@link #close()} (idempotent). Reads of different data sets may run concurrently.
 */
public final class FcsFile implements AutoCloseable {
    /** Most data sets followed through $NEXTDATA. */
    static final int MAX_DATASETS = 10_000;

    private final FileAccess file;
    private final ReadOptions options;
    private final List<DatasetParser.Parsed> parsed;
    private final List<Sample> samples;
    private volatile boolean closed;

    private FcsFile(FileAccess file, ReadOptions options, List<DatasetParser.Parsed> parsed) {
        this.file = file;
        this.options = options;
        this.parsed = parsed;
        List<Sample> s = new ArrayList<>();
        parsed.forEach(p -> s.add(p.sample()));
        this.samples = Collections.unmodifiableList(s);
    }

    /** Opens a file with default (LENIENT) options and reads the metadata of all its data sets. */
    public static FcsFile open(Path path) {
        return open(path, ReadOptions.defaults());
    }

    /** Opens a file and reads the HEADER and TEXT of all its data sets (no DATA). The caller closes it. */
    public static FcsFile open(Path path, ReadOptions options) {
        FileAccess file = FileAccess.open(path);
        try {
            return new FcsFile(file, options, readDatasets(file, options.stringency()));
        } catch (CytoException e) {
            file.close();
            throw e;
        } catch (RuntimeException e) {
            file.close();
            throw internal(file.source(), e);
        }
    }

    private static List<DatasetParser.Parsed> readDatasets(FileAccess file, Stringency stringency) {
        List<DatasetParser.Parsed> list = new ArrayList<>();
        long base = 0;
        while (true) {
            DatasetParser.Parsed p;
            try {
                p = DatasetParser.parse(file, base, list.size(), stringency);
            } catch (CytoException e) {
                if (list.isEmpty()) {
                    throw e;
                }
                addIssue(file, list, stringency, FcsIssueCode.DATASET_UNREADABLE, "TEXT keyword $NEXTDATA",
                        "the data set at byte " + base + " cannot be read (" + e.getMessage() + "); ignored");
                break;
            }
            list.add(p);
            long next = p.next();
            if (next < 0) {
                break;
            }
            String problem = null;
            if (next <= base) {
                problem = "points backwards (to byte " + next + ", this data set starts at " + base + ")";
            } else if (next > file.size() - FcsHeader.LENGTH) {
                problem = "points to byte " + next + ", past the end of the " + file.size() + "-byte file";
            } else if (list.size() >= MAX_DATASETS) {
                problem = "would be data set number " + (MAX_DATASETS + 1) + "; at most " + MAX_DATASETS
                        + " are read";
            }
            if (problem != null) {
                addIssue(file, list, stringency, FcsIssueCode.NEXTDATA_INVALID, "TEXT keyword $NEXTDATA",
                        "$NEXTDATA " + problem + "; later data sets ignored");
                break;
            }
            base = next;
        }
        return list;
    }

    private static void addIssue(FileAccess file, List<DatasetParser.Parsed> list, Stringency stringency,
                                 FcsIssueCode code, String location, String message) {
        int last = list.size() - 1;
        IssueLog log = new IssueLog(file.source(), last, stringency);
        log.report(code, location, message);
        DatasetParser.Parsed p = list.get(last);
        list.set(last, new DatasetParser.Parsed(p.sample().withIssues(log.issues()), p.version(), p.layout(), p.next(),
                p.analysisStart(), p.analysisEnd()));
    }

    /** The data sets in file order: keywords, channels, spillover, event count and the issues found so far. */
    public List<Sample> datasets() {
        return samples;
    }

    /** The HEADER version of a data set as written in the file, e.g. {@code "FCS3.1"}. */
    public String version(int dataset) {
        return dataset(dataset).version();
    }

    /** The options the file was opened with. */
    public ReadOptions options() {
        return options;
    }

    /**
     * Reads all events of a data set into a new frame (allocated from {@code allocator}; the caller closes it). The
     * frame's sample carries the issues found while decoding (e.g. {@link FcsIssueCode#BITS_ABOVE_RANGE}).
     *
     * <p>For frames of hundreds of MB the time goes mostly into the operating system's first touch of the new
     * column memory, not into decoding; {@link #batches} reuses its memory and avoids that. On glibc,
     * {@code GLIBC_TUNABLES=glibc.malloc.hugetlb=1} lets such allocations use huge pages (measured 1.7x faster
     * for a 640 MB frame). Frames with at least 32 MB of DATA in a fixed-width layout (binary or
     * fixed-width ASCII) are decoded in slices on up to {@link Runtime#availableProcessors()} threads (daemon threads
     * shared by all reads), which spreads those page faults over the cores.
     *
     * @throws CytoException DATA_MISSING, UNSUPPORTED_DATA, OUT_OF_MEMORY (allocator limit), TOO_MANY_EVENTS...
     */
    public EventFrame read(int dataset, BufferAllocator allocator) {
        DatasetParser.Parsed p = dataset(dataset);
        DataLayout layout = p.layout();
        if (layout.unreadable() != null) {
            throw layout.unreadable();
        }
        return read(dataset, allocator, SlicedDecode.slices(layout), null);
    }

    /**
     * As {@link #read(int, BufferAllocator)}, with only the named channels: their columns are decoded, the others
     * skipped, which saves the decoding and the memory of channels a caller does not look at (a gating strategy
     * reads a few of a panel's channels: {@code GatingStrategy.channelsRead}). Names match as
     * {@link Sample#channelIndex} matches them; names the data set lacks are ignored. The frame's sample lists the
     * chosen channels in record order, renumbered from 0, and its keywords are the data set's with the parameter
     * keywords renumbered to match ({@code $P3N} of the third chosen channel is its name; {@code $PAR} is their
     * number; vendors' {@code PnXXX} keywords too; those of the other channels are dropped), so that it can be
     * written out ({@code FcsWriter}) as a data set of its own. Its spillover matrix and issues are the data set's
     * (issues only of the decoded channels).
     */
    public EventFrame read(int dataset, BufferAllocator allocator, Collection<String> channels) {
        DatasetParser.Parsed p = dataset(dataset);
        DataLayout layout = p.layout();
        if (layout.unreadable() != null) {
            throw layout.unreadable();
        }
        boolean[] keep = new boolean[p.sample().channels().size()];
        for (String name : channels) {
            int c = p.sample().channelIndex(name);
            if (c >= 0) {
                keep[c] = true;
            }
        }
        return read(dataset, allocator, SlicedDecode.slices(layout), keep);
    }

    /**
     * As {@link #read(int, BufferAllocator)}, decoding a fixed-width layout in {@code slices} concurrent slices
     * (1 = sequential; free-format ASCII is always sequential). Package-private so tests can force slicing.
     */
    EventFrame read(int dataset, BufferAllocator allocator, int slices) {
        return read(dataset, allocator, slices, null);
    }

    /** The read itself: only the channels {@code keep} marks (by record position), all when it is null. */
    private EventFrame read(int dataset, BufferAllocator allocator, int slices, boolean[] keep) {
        DatasetParser.Parsed p = dataset(dataset);
        DataLayout layout = p.layout();
        if (layout.unreadable() != null) {
            throw layout.unreadable();
        }
        Sample full = p.sample();
        Sample sample = keep == null ? full : select(full, keep);
        if (layout.events() > Integer.MAX_VALUE - 8) {
            throw new CytoException(FcsIssueCode.TOO_MANY_EVENTS.name(), file.source(), "DATA",
                    file.source() + ": data set " + dataset + " has " + layout.events()
                            + " events, more than one Arrow column holds; read it with batches()");
        }
        int n = (int) layout.events();
        IssueLog log = new IssueLog(file.source(), dataset, options.stringency());
        VectorSchemaRoot root = null;
        try {
            root = VectorSchemaRoot.create(EventFrame.schemaOf(sample), allocator);
            FieldVector[] vectors = allocateUninitialised(root, n, allocator);
            FieldVector[] byRecordPosition = keep == null ? vectors : spread(vectors, keep);
            int got;
            if (slices > 1 && n > 1 && !layout.freeFormat() && layout.recordBytes() > 0) {
                got = SlicedDecode.decode(file, layout, channels(full), allocator, log, byRecordPosition, n,
                        slices);
            } else {
                try (EventDecoder decoder = new EventDecoder(file, layout, channels(full), allocator, log)) {
                    got = decoder.decode(byRecordPosition, 0, n);
                    decoder.reportFindings();
                }
            }
            finish(root, vectors, got);
            Sample read = sample.withIssues(log.issues());
            if (got != sample.eventCount()) {
                read = read.withEventCount(got);
            }
            return new EventFrame(read, root);
        } catch (RuntimeException e) {
            if (root != null) {
                root.close();
            }
            throw translate(file.source(), dataset, e);
        }
    }

    /**
     * Streams the events of a data set in batches of at most {@code batchSize} events into one reused
     * {@link VectorSchemaRoot}. The caller closes the returned iterator.
     */
    public EventBatches batches(int dataset, BufferAllocator allocator, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        DatasetParser.Parsed p = dataset(dataset);
        if (p.layout().unreadable() != null) {
            throw p.layout().unreadable();
        }
        try {
            return new EventBatches(file, p.sample(), p.layout(), allocator, batchSize,
                    new IssueLog(file.source(), dataset, options.stringency()));
        } catch (RuntimeException e) {
            throw translate(file.source(), dataset, e);
        }
    }

    /**
     * The keywords of a data set's ANALYSIS segment when it is written like a TEXT segment (delimiter first),
     * else an empty map.
     */
    public Map<String, String> analysis(int dataset) {
        DatasetParser.Parsed p = dataset(dataset);
        if (p.analysisStart() < 0) {
            return Map.of();
        }
        long length = p.analysisEnd() - p.analysisStart() + 1;
        if (length < 2 || length > DatasetParser.MAX_TEXT_BYTES) {
            return Map.of();
        }
        byte[] b = file.read(p.analysisStart(), (int) length);
        Keywords k = TextParser.parse(b, b.length, "ANALYSIS", new IssueLog(file.source(), dataset,
                Stringency.SILENT));
        return Collections.unmodifiableMap(k.asMap());
    }

    private DatasetParser.Parsed dataset(int dataset) {
        if (closed) {
            throw new IllegalStateException(file.source() + " is closed");
        }
        if (dataset < 0 || dataset >= parsed.size()) {
            throw new CytoException("DATASET_NOT_FOUND", file.source(), "data set " + dataset,
                    file.source() + ": no data set " + dataset + "; the file has " + parsed.size());
        }
        return parsed.get(dataset);
    }

    /**
     * {@code sample} with only the channels {@code keep} marks, renumbered from 0, and its keywords to match: the
     * parameter keywords ({@code $PnN}, {@code $PnR}, {@code $PnV}..., {@code $PKn}, {@code $PKNn}, and vendors'
     * {@code PnDISPLAY} and the like) of the chosen channels renumbered like them, those of the others dropped,
     * {@code $PAR} their number. Without that a writer or a caller looking up {@code $P3R} for the channel at
     * position 2 would get another channel's. FCS 3.0 {@code $COMP} (the compensation the cytometer applied), whose
     * matrix is over the first channels by position, is dropped unless they stay first.
     */
    private static Sample select(Sample sample, boolean[] keep) {
        List<Channel> chosen = new ArrayList<>();
        int[] number = new int[keep.length]; // new $P number of each kept channel, 0 for the others
        for (Channel c : sample.channels()) {
            if (keep[c.index()]) {
                chosen.add(new Channel(chosen.size(), c.name(), c.label(), c.bits(), c.range(), c.storage(),
                        c.decades(), c.offset(), c.gain(), c.time(), c.timestep()));
                number[c.index()] = chosen.size();
            }
        }
        Map<String, String> keywords = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : sample.keywords().entrySet()) {
            String key = e.getKey();
            if (key.equalsIgnoreCase("$COMP") && !keepsLeadingChannels(e.getValue(), number)) {
                continue; // its rows are the first channels by position
            }
            Matcher m = parameterKeyword(key);
            if (m != null) {
                int n = Integer.parseInt(m.group(2));
                if (n >= 1 && n <= keep.length) {
                    if (number[n - 1] > 0) {
                        keywords.put(m.group(1) + number[n - 1] + m.group(3), e.getValue());
                    }
                    continue;
                }
            }
            keywords.put(key, key.equalsIgnoreCase("$PAR") ? Integer.toString(chosen.size()) : e.getValue());
        }
        return new Sample(sample.source(), sample.datasetIndex(), keywords, chosen, sample.eventCount(),
                sample.spillover(), sample.issues());
    }

    /**
     * "$P12R" or "P12DISPLAY", or FCS 3.0's histogram peak "$PK12" and "$PKN12": prefix, parameter number (at most 9
     * digits) and the rest, or null for another key.
     */
    private static Matcher parameterKeyword(String key) {
        int digit = key.startsWith("$") ? 2 : 1;
        if (key.length() <= digit + 1 || Character.toUpperCase(key.charAt(digit - 1)) != 'P') {
            return null; // most keywords: no regular expression
        }
        Matcher m = Character.isDigit(key.charAt(digit)) ? PARAMETER_KEYWORD.matcher(key)
                : PEAK_KEYWORD.matcher(key);
        return m.matches() ? m : null;
    }

    private static final Pattern PARAMETER_KEYWORD = Pattern.compile("(\\$?[Pp])(\\d{1,9})(\\p{Alpha}.*)");
    private static final Pattern PEAK_KEYWORD = Pattern.compile("(\\$[Pp][Kk](?:[Nn])?)(\\d{1,9})()");

    /**
     * Whether FCS 3.0 {@code $COMP} ("n,c11,...,cnn") still fits a projection that gives the channel at record
     * position i the new number {@code number[i]} (0 = dropped): its matrix is over the first n channels by
     * position, so they must all be kept, and first. False for a value that does not start with a count.
     */
    private static boolean keepsLeadingChannels(String comp, int[] number) {
        int comma = comp.indexOf(',');
        long n = Numbers.parseLong((comma < 0 ? comp : comp.substring(0, comma)).strip());
        if (n < 1 || n > number.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (number[i] != i + 1) {
                return false;
            }
        }
        return true;
    }

    /** The chosen columns at their record positions, null at the others (which the decoder skips). */
    private static FieldVector[] spread(FieldVector[] chosen, boolean[] keep) {
        FieldVector[] out = new FieldVector[keep.length];
        int k = 0;
        for (int c = 0; c < keep.length; c++) {
            if (keep[c]) {
                out[c] = chosen[k++];
            }
        }
        return out;
    }

    static Channel[] channels(Sample sample) {
        return sample.channels().toArray(new Channel[0]);
    }

    /** Allocates every column for {@code n} values, all valid. */
    static FieldVector[] allocate(VectorSchemaRoot root, int n) {
        List<FieldVector> list = root.getFieldVectors();
        FieldVector[] vectors = list.toArray(new FieldVector[0]);
        for (FieldVector v : vectors) {
            ((BaseFixedWidthVector) v).allocateNew(Math.max(n, 1));
            v.getValidityBuffer().setOne(0, v.getValidityBuffer().capacity());
        }
        return vectors;
    }

    /**
     * Gives every column a data buffer for {@code n} values that is not zeroed first (the decoder writes every
     * value), and an all-valid validity buffer. Zeroing a multi-GB frame before decoding it would double the memory
     * traffic of a read.
     */
    static FieldVector[] allocateUninitialised(VectorSchemaRoot root, int n, BufferAllocator allocator) {
        FieldVector[] vectors = root.getFieldVectors().toArray(new FieldVector[0]);
        for (FieldVector v : vectors) {
            long bytes = (long) Math.max(n, 1) * ((BaseFixedWidthVector) v).getTypeWidth();
            try (ArrowBuf data = allocator.buffer(bytes)) {
                // Null count 0: Arrow makes a fresh all-ones validity buffer and keeps (retains) our data buffer.
                v.loadFieldBuffers(new ArrowFieldNode(n, 0), List.of(allocator.getEmpty(), data));
            }
        }
        return vectors;
    }

    static void finish(VectorSchemaRoot root, FieldVector[] vectors, int rows) {
        for (FieldVector v : vectors) {
            v.setValueCount(rows);
        }
        root.setRowCount(rows);
    }

    static CytoException translate(String source, int dataset, RuntimeException e) {
        if (e instanceof CytoException c) {
            return c;
        }
        if (e instanceof OutOfMemoryException || e instanceof OversizedAllocationException) {
            return new CytoException(FcsIssueCode.OUT_OF_MEMORY.name(), source, "data set " + dataset,
                    source + ": data set " + dataset + ": not enough Arrow memory for the events: "
                            + e.getMessage(), e);
        }
        return internal(source, e);
    }

    static CytoException internal(String source, RuntimeException e) {
        return new CytoException(FcsIssueCode.INTERNAL_ERROR.name(), source, null,
                source + ": unexpected failure while reading: " + e, e);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            file.close();
        }
    }
}
