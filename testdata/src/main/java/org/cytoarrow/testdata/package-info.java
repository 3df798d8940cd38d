/**
 * Test data with known ground truth, for the whole project's tests, demos and benchmarks.
 *
 * <ul>
 *   <li>{@link org.cytoarrow.testdata.SyntheticFcs}: a low-level FCS writer for format corners (versions 2.0 to
 *       3.2, every $DATATYPE, byte order permutations, several data sets, supplemental TEXT, DATA before TEXT,
 *       offsets beyond 99,999,999 bytes, delimiters) that returns the values a reader must report;</li>
 *   <li>{@link org.cytoarrow.testdata.SyntheticCases}: a named catalogue of such files for parameterised tests;</li>
 *   <li>{@link org.cytoarrow.testdata.StudyPanel}: the demo study's Gating-ML 2.0 gates and panel description;</li>
 *   <li>{@link org.cytoarrow.testdata.DemoCohort}: a seeded MGUS / multiple-myeloma cohort of FCS 3.1 files with
 *       sample sheet and per-file population counts the panel gates recover.</li>
 * </ul>
 * Everything is deterministic for a given seed (identical bytes on JDK 17 and 25) and depends on core only.
 */
package org.cytoarrow.testdata;
