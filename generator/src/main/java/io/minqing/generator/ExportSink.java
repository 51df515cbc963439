package io.minqing.generator;

import java.io.IOException;
import java.util.List;

/** Where generated cases and surveys go: the clean exports or the messy per-street exports. */
interface ExportSink {

    void writeCase(SyntheticCase c) throws IOException;

    void writeSurvey(SyntheticSurvey s) throws IOException;

    /** Closes every file and describes it for the manifest. */
    List<ExportFile> finish() throws IOException;

    /**
     * One export file as the manifest describes it.
     *
     * @param path          relative to the output folder, '/' separators
     * @param kind          cases or surveys
     * @param format        csv or xlsx
     * @param encoding      UTF-8 or GBK (csv); null for xlsx
     * @param bom           whether a UTF-8 byte-order mark starts the file
     * @param lineSeparator LF or CRLF (csv)
     * @param headers       header row as written
     * @param rows          data rows (header and blank lines not counted; duplicates counted)
     * @param sheets        sheet names (xlsx)
     * @param timeFormats   how times are written in this file
     */
    record ExportFile(String path, String kind, String format, String encoding, boolean bom, String lineSeparator,
                      List<String> headers, long rows, List<String> sheets, List<String> timeFormats) {
    }
}
