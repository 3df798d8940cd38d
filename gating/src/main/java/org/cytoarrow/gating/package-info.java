/**
 * Gating-ML 2.0 gating: the gate model, the population tree and the evaluation engine.
 *
 * <pre>{@code
 * GatingStrategy strategy = GatingStrategy.read(Path.of("panel.xml"));
 * try (BufferAllocator root = Memory.newRootAllocator();
 *      EventFrame events = FcsReader.read(Path.of("A01.fcs"), root)) {
 *     GatingResult result = strategy.evaluate(events);
 *     result.populations().forEach(System.out::println);
 *     EventMask cd4 = result.mask("/Lymphocytes/CD3pos/CD4pos");
 * }
 * }</pre>
 *
 * <p>Evaluation order per sample: scale values ({@link org.cytoarrow.core.Channel#toScale}), then compensation
 * ({@link Dimension#compensationRef()}: "uncompensated", "FCS" = the file's $SPILLOVER, or a spectrum matrix of
 * the strategy; "FCS" on a file without a spillover matrix, and a channel the matrix does not produce, give the
 * uncompensated values), then the optional transformation (clamped to its boundMin/boundMax), then the gate.
 * Every intermediate column is computed once per sample and shared by all gates that use it; gates evaluate
 * whole columns into packed bit masks, independent gates in parallel; a population is its gate's region AND its
 * parent population.
 *
 * <p>Boundary rules (fixed by the ISAC compliance suite and documented on each gate): rectangles and quadrants
 * {@code [min, max)}, ellipsoids {@code <=}, polygons even-odd with half-open edges; NaN is never inside a
 * geometric gate (but is inside a Boolean NOT); infinities follow the comparisons.
 */
package org.cytoarrow.gating;
