package io.minqing.ingest.read;

import io.minqing.contract.Codes.RejectReason;
import java.util.Map;

/**
 * One input record as read, before mapping: where it came from, its fields by source column name (header or JSON
 * key; a repeated key's later values as {@code key#2}, {@code key#3}), the raw text, and a problem the reader
 * found (bad encoding, broken quotes …) or null. {@code controlFree}: the reader checked that no field holds a control
 * character (C0 other than tab and line feed, DEL, C1), so the mapper need not look for them value by value; false
 * when it did not check (the mapper then does).
 */
public record SourceRecord(long row, Map<String, String> fields, String raw, Problem problem, boolean controlFree) {

    /** A record whose fields the reader did not check for control characters. */
    public SourceRecord(long row, Map<String, String> fields, String raw, Problem problem) {
        this(row, fields, raw, problem, false);
    }

    /** A problem found while reading, which makes the record a reject whatever its content. */
    public record Problem(RejectReason reason, String column, String value, String message) {
    }
}
