/** Gating-ML 2.0 XML reading and writing ({@link org.cytoarrow.gating.xml.GatingMl}); hardened against XXE. */
package org.cytoarrow.gating.xml;
