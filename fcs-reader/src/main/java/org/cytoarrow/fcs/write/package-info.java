/**
 * Writers from an {@link org.cytoarrow.core.EventFrame} to FCS 3.1 ({@link org.cytoarrow.fcs.write.FcsWriter}),
 * Arrow IPC / Feather v2 ({@link org.cytoarrow.fcs.write.ArrowIpcWriter}), Parquet
 * ({@link org.cytoarrow.fcs.write.ParquetWriter}) and CSV ({@link org.cytoarrow.fcs.write.CsvWriter}), raw or scale
 * values ({@link org.cytoarrow.fcs.write.Values}); {@link org.cytoarrow.fcs.write.OutputFormat} picks one by file
 * extension.
 *
 * <p>Every writer borrows the frame (the caller keeps closing it), writes atomically through
 * {@link org.cytoarrow.core.io.AtomicFile} (a failed write leaves the target untouched and no temporary file
 * behind), throws {@link java.io.UncheckedIOException} on I/O failure and
 * {@link org.cytoarrow.core.CytoException} when the frame cannot be represented (duplicate channel names).
 */
package org.cytoarrow.fcs.write;
