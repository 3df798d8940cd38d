/**
 * FCS 2.0, 3.0, 3.1 and 3.2 reader that streams DATA into Apache Arrow columns.
 *
 * <p>Entry points: {@link org.cytoarrow.fcs.FcsFile#open} (HEADER and TEXT of every data set, no DATA),
 * {@link org.cytoarrow.fcs.FcsFile#read} (all events of a data set as an {@link org.cytoarrow.core.EventFrame}),
 * {@link org.cytoarrow.fcs.FcsFile#batches} (the events in batches through one reused root),
 * {@link org.cytoarrow.fcs.FcsReader#read} (data set 0 in one call) and {@link org.cytoarrow.fcs.FcsSniffer#isFcs}.
 *
 * <pre>{@code
 * try (BufferAllocator root = Memory.newRootAllocator();
 *      FcsFile fcs = FcsFile.open(path, new ReadOptions(Stringency.LENIENT));
 *      EventFrame events = fcs.read(0, root)) {
 *     Sample sample = events.sample();          // keywords, channels, spillover, issues
 *     double[] cd3 = events.scaledColumn("FL1-A");
 * }
 * }</pre>
 *
 * <p>Raw values are stored as read (integers ANDed with their $PnR mask): float32 for $DATATYPE F and integers of
 * at most 24 significant bits, float64 for D, A and wider integers. Scale values follow
 * {@link org.cytoarrow.core.Channel#toScale}. Departures from the standard are typed
 * {@link org.cytoarrow.fcs.FcsIssueCode}s, handled by the {@link org.cytoarrow.core.Stringency} of the
 * {@link org.cytoarrow.fcs.ReadOptions}; any byte input yields data or a {@link org.cytoarrow.core.CytoException}.
 *
 * <p>Arrow needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} on JDK 17+ (and
 * {@code --sun-misc-unsafe-memory-access=allow} on JDK 24+).
 */
package org.cytoarrow.fcs;
