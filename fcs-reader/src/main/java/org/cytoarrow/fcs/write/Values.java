package org.cytoarrow.fcs.write;

/** Which values of an {@link org.cytoarrow.core.EventFrame} a writer writes. */
public enum Values {
    /** The raw values as stored in the source file (integers masked to their range); channel metadata kept. */
    RAW,
    /**
     * Scale values ({@link org.cytoarrow.core.Channel#toScale}): $PnE log decades, $PnG gain and $TIMESTEP
     * applied. Channels whose scale values differ from their raw values are written as float64.
     */
    SCALED
}
