/**
 * Spillover compensation and spectral unmixing: {@link org.cytoarrow.core.compensation.SpilloverMatrix} (FCS
 * {@code $SPILLOVER} or Gating-ML {@code spectrumMatrix}) and {@link org.cytoarrow.core.compensation.Compensator},
 * which applies its (pseudo-)inverse to detector columns.
 */
package org.cytoarrow.core.compensation;
