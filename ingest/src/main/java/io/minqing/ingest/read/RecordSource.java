package io.minqing.ingest.read;

import java.io.Closeable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A stream of the records of one input unit (a file, or one sheet of a workbook). Streams: holds one record (or,
 * for CSV, one multi-line record of bounded size) at a time. Blank lines/rows are skipped and counted.
 */
public interface RecordSource extends Iterator<SourceRecord>, Closeable {

    /** Column names of the header, in file order; empty for JSON (keys vary per record). */
    List<String> headers();

    /** Human name of the encoding read (UTF-8, UTF-8 with BOM, GB18030 …) or the format. */
    String encoding();

    /** Counters of what the reader skipped or normalised (blank_lines, bom_removed, formula_cached_value …). */
    Map<String, Long> counters();
}
