package org.cytoarrow.fcs;

/**
 * How one parameter's values are laid out in an event record and decoded.
 *
 * @param kind        decoding routine
 * @param offset      byte offset of the value inside the record (binary and fixed-width ASCII)
 * @param width       bytes per value (0 for free-format ASCII)
 * @param bigEndian   for the byte-order-specific kinds
 * @param significance for {@link Kind#PERMUTED}: file position i holds the value byte of significance
 *                     {@code significance[i]} (0 = least significant); null otherwise
 * @param floatType   for {@link Kind#PERMUTED}: 'I', 'F' or 'D'
 * @param mask        integer kinds: the $PnR mask (all ones when no masking applies)
 * @param float32     whether the Arrow column is float32 (else float64)
 */
record ColumnCodec(Kind kind, int offset, int width, boolean bigEndian, int[] significance, char floatType,
                   long mask, boolean float32) {

    enum Kind { F32, F64, U8, U16, U24, U32, U64, PERMUTED, ASCII_FIXED, ASCII_FREE }
}
