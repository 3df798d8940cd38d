package org.cytoarrow.fcs;

import org.cytoarrow.core.Severity;

/**
 * The catalogue of problems the FCS reader recognises: one constant per quirk or failure, used as the
 * {@link org.cytoarrow.core.Issue#code()} of recorded issues and the {@link org.cytoarrow.core.CytoException#code()}
 * of thrown ones.
 *
 * <p>Under {@link org.cytoarrow.core.Stringency#STRICT} every WARNING or ERROR issue is thrown; under LENIENT it is
 * repaired as its Javadoc says and recorded; under SILENT it is repaired without being recorded. Constants marked
 * "thrown" cannot be repaired and are thrown under every stringency.
 */
public enum FcsIssueCode {
    /** Thrown: the bytes do not start with an FCS HEADER ("FCS" + version). */
    NOT_FCS(Severity.ERROR),
    /** Thrown: the file is shorter than the 58-byte HEADER. */
    HEADER_TRUNCATED(Severity.ERROR),
    /** The version is not FCS2.0/3.0/3.1/3.2; read as FCS 3.1. */
    UNKNOWN_VERSION(Severity.WARNING),
    /** A HEADER offset field is not a number; treated as absent. */
    HEADER_OFFSET_INVALID(Severity.WARNING),
    /** Thrown: the HEADER TEXT offsets are absent, reversed, inside the HEADER or past the end of the file. */
    TEXT_OFFSETS_INVALID(Severity.ERROR),
    /** Thrown: the TEXT segment is larger than 32 MiB (real ones are below a few MB). */
    TEXT_TOO_LARGE(Severity.ERROR),
    /** The TEXT segment runs past the end of the file; what is there is parsed. */
    TEXT_TRUNCATED(Severity.ERROR),
    /** The last TEXT value is not followed by a delimiter; the value is kept. */
    TEXT_MISSING_FINAL_DELIMITER(Severity.WARNING),
    /** Bytes after the last TEXT delimiter that are not padding; ignored. */
    TEXT_TRAILING_GARBAGE(Severity.WARNING),
    /** Spaces or NUL bytes after the last TEXT delimiter; ignored. */
    TEXT_TRAILING_PADDING(Severity.INFO),
    /**
     * Doubled delimiters were read as empty values (FCS 2.0 practice, flowCore emptyValue=TRUE) because the FCS 3
     * escape rule left a required keyword missing (0877408774.B08 loses $P6N otherwise).
     */
    EMPTY_VALUE_RULE(Severity.WARNING),
    /** Keywords of zero length; those pairs are skipped. */
    EMPTY_KEYWORD(Severity.WARNING),
    /** A keyword occurs twice (ignoring case); the last value in the primary TEXT is kept. */
    DUPLICATE_KEYWORD(Severity.WARNING),
    /** TEXT bytes that are not valid UTF-8; decoded as ISO-8859-1. */
    NON_UTF8_TEXT(Severity.INFO),
    /** Thrown (required keywords) or repaired with a default (optional ones): a keyword is absent. */
    MISSING_KEYWORD(Severity.ERROR),
    /** Thrown (required keywords) or ignored (optional ones): a keyword value cannot be parsed. */
    INVALID_KEYWORD(Severity.ERROR),
    /** Thrown: $PAR is not a positive number no larger than the TEXT can describe. */
    PAR_INVALID(Severity.ERROR),
    /** $BEGINSTEXT/$ENDSTEXT are unusable (reversed, past the file end, overlapping DATA); ignored. */
    SUPPLEMENTAL_TEXT_INVALID(Severity.WARNING),
    /** $BEGINSTEXT/$ENDSTEXT point at the primary TEXT (BD Accuri); nothing more to read. */
    SUPPLEMENTAL_TEXT_IS_PRIMARY(Severity.INFO),
    /** HEADER and TEXT disagree on where DATA is; FCS 3.x: TEXT is used, FCS 2.0: HEADER is used. */
    HEADER_TEXT_OFFSET_MISMATCH(Severity.WARNING),
    /** The HEADER DATA offsets are unusable (not only blank/0, which is normal for big files); TEXT is used. */
    HEADER_DATA_OFFSETS_INVALID(Severity.WARNING),
    /** Thrown at read: neither HEADER nor TEXT locate the DATA segment. */
    DATA_OFFSETS_MISSING(Severity.ERROR),
    /** The DATA segment is one byte longer than $TOT records ($ENDDATA points one byte too far). */
    ENDDATA_OFF_BY_ONE(Severity.WARNING),
    /** The DATA segment is longer than $TOT records; the extra bytes are ignored. */
    DATA_LONGER_THAN_TOT(Severity.WARNING),
    /** $TOT records do not fit in the DATA segment; only the complete records are read. */
    TOT_EXCEEDS_DATA(Severity.ERROR),
    /** $TOT is absent (optional in FCS 2.0); the event count is the DATA length over the record size. */
    TOT_MISSING(Severity.WARNING),
    /** The file ends inside the DATA segment; only the complete records are read. */
    DATA_TRUNCATED(Severity.ERROR),
    /** The DATA segment lies beyond the end of the file: metadata can be read, events cannot. */
    DATA_MISSING(Severity.ERROR),
    /** The DATA segment overlaps the HEADER or the primary TEXT. */
    DATA_OVERLAPS_TEXT(Severity.ERROR),
    /**
     * A 1- or 2-byte $BYTEORD ("1,2") for wider values; read by its direction. (A 4-byte order for 16-, 24- or
     * 64-bit values, as BD writes, is what FCS 3.1 prescribes and is not reported.)
     */
    BYTEORD_WIDTH_MISMATCH(Severity.INFO),
    /** $BYTEORD absent or not a permutation; little-endian assumed (or thrown at read if it matters). */
    BYTEORD_INVALID(Severity.WARNING),
    /** Integer values had bits set above the smallest power of two >= $PnR; they were masked off (FCS 3.1). */
    BITS_ABOVE_RANGE(Severity.INFO),
    /** $PnR is absent, not a number or not positive; integer values are not masked. */
    RANGE_INVALID(Severity.WARNING),
    /** $PnB disagrees with the data type (F must be 32, D 64); the data type's width is used. */
    PNB_MISMATCH(Severity.WARNING),
    /**
     * An integer $PnB is not a whole number of bytes ($PnB/10/, as Beckman Coulter CXP writes for 16-bit values)
     * and the DATA segment's size matches whole-byte values: each is read from ceil($PnB / 8) bytes and masked by
     * $PnR. (When the size matches tightly packed bits instead, UNSUPPORTED_DATA is thrown.)
     */
    PNB_PADDED(Severity.WARNING),
    /** Thrown at read: a $DATATYPE/$PnDATATYPE, $MODE or $PnB this reader cannot decode. */
    UNSUPPORTED_DATA(Severity.ERROR),
    /** $PnE cannot be parsed; the channel is taken as linear. */
    PNE_INVALID(Severity.WARNING),
    /** $PnG cannot be parsed; no gain is applied. */
    PNG_INVALID(Severity.WARNING),
    /** $TIMESTEP is not a number; scale values of the time channel are undefined (NaN). */
    TIMESTEP_INVALID(Severity.WARNING),
    /** $TIMESTEP is present but no channel is named Time. */
    TIMESTEP_WITHOUT_TIME_CHANNEL(Severity.INFO),
    /** Two channels have the same $PnN. */
    DUPLICATE_CHANNEL_NAME(Severity.WARNING),
    /** The spillover keyword cannot be parsed; no spillover matrix. */
    SPILLOVER_INVALID(Severity.WARNING),
    /** Spillover coefficients written with a decimal comma; read pairwise. */
    SPILLOVER_COMMA_DECIMAL(Severity.INFO),
    /** A spillover name matched a $PnS rather than a $PnN; mapped to the channel's $PnN. */
    SPILLOVER_NAME_FROM_LABEL(Severity.INFO),
    /**
     * A spillover name was a parameter number (Beckman Coulter Navios writes "3" for $P3N); mapped to that
     * channel's $PnN.
     */
    SPILLOVER_NAME_FROM_NUMBER(Severity.INFO),
    /**
     * FCS 3.0 $COMP or FCS 2.0 $DFCiTOj: the cytometer compensated the data electronically before writing them.
     * They are used as stored; no spillover matrix is taken from these keywords.
     */
    HARDWARE_COMPENSATION(Severity.INFO),
    /** $NEXTDATA points backwards, at an earlier data set, or past the end of the file; later data sets ignored. */
    NEXTDATA_INVALID(Severity.WARNING),
    /** A data set reached through $NEXTDATA could not be read; it and later ones are ignored. */
    DATASET_UNREADABLE(Severity.WARNING),
    /** The ANALYSIS segment offsets are unusable; the segment is ignored. */
    ANALYSIS_OFFSETS_INVALID(Severity.WARNING),
    /** An ASCII DATA value is not a number; stored as NaN. */
    ASCII_VALUE_INVALID(Severity.ERROR),
    /** More than 1000 issues in one data set; the rest were counted, not recorded. */
    TOO_MANY_ISSUES(Severity.INFO),
    /** Thrown: the file could not be read. */
    IO_ERROR(Severity.ERROR),
    /** Thrown: the Arrow allocator refused the memory for the events. */
    OUT_OF_MEMORY(Severity.ERROR),
    /** Thrown: more events than fit in one Arrow column; use batches. */
    TOO_MANY_EVENTS(Severity.ERROR),
    /** Thrown: an unexpected failure on this input (a reader bug; please report it with the file). */
    INTERNAL_ERROR(Severity.ERROR);

    private final Severity severity;

    FcsIssueCode(Severity severity) {
        this.severity = severity;
    }

    /** How serious the problem is when it is recorded as an issue. */
    public Severity severity() {
        return severity;
    }
}
