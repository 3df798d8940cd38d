/**
 * Gating-ML 2.0 scale transformations: {@link org.cytoarrow.core.transform.LinearTransform} (flin),
 * {@link org.cytoarrow.core.transform.LogTransform} (flog), {@link org.cytoarrow.core.transform.ArcsinhTransform}
 * (fasinh), {@link org.cytoarrow.core.transform.LogicleTransform} (logicle),
 * {@link org.cytoarrow.core.transform.HyperlogTransform} (hyperlog) and the two-dimension
 * {@link org.cytoarrow.core.transform.RatioTransform} (fratio). Constructors take the Gating-ML parameters in
 * the order T, W, M, A (where present) and reject values outside the specification's ranges with an
 * {@link java.lang.IllegalArgumentException} naming the rule. Block forms allocate nothing per value and give
 * exactly the scalar result.
 */
package org.cytoarrow.core.transform;
