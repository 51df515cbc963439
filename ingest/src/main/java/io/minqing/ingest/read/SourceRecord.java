package io.minqing.ingest.read;

import io.minqing.contract.Codes.RejectReason;
import java.util.Map;

/**
 * One input record as read, before mapping: where it came from, its fields by source column name (header or JSON
 * key; a repeated key's later values as {@code key#2}, {@code key#3}), the raw text, and a problem the reader
 * found (bad encoding, broken quotes …) or null.
 */
public record SourceRecord(long row, Map<String, String> fields, String raw, Problem problem) {

    /** A problem found while reading, which makes the record a reject whatever its content. */
    public record Problem(RejectReason reason, String column, String value, String message) {
    }
}
