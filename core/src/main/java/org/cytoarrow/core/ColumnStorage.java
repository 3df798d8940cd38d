package org.cytoarrow.core;

/** How a channel's raw values are stored in Arrow: float32 where exact, float64 otherwise. */
public enum ColumnStorage {
    /** Arrow FloatingPoint(SINGLE): F data, and integer data of at most 24 significant bits. */
    FLOAT32,
    /** Arrow FloatingPoint(DOUBLE): D data, ASCII data and integers wider than 24 significant bits. */
    FLOAT64
}
