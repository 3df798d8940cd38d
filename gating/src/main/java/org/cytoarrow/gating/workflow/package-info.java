/**
 * The study workflow on top of the gating engine: control-derived thresholds (a gate boundary set from a
 * percentile of a control tube and applied to the matching stained tube), control-to-sample matching, and the
 * per-sample and per-patient tables of a study (IL-6+ fraction of CD138+ plasma cells, spontaneous,
 * dexamethasone-induced and specific apoptosis).
 *
 * <p>Entry points: {@link org.cytoarrow.gating.workflow.ThresholdRule} with
 * {@link org.cytoarrow.gating.workflow.Thresholds#derive}, {@link org.cytoarrow.gating.workflow.GateBoundaries},
 * {@link org.cytoarrow.gating.workflow.ControlMatcher}, {@link org.cytoarrow.gating.workflow.StudyWorkflow}.
 */
package org.cytoarrow.gating.workflow;
