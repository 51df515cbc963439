package io.minqing.ingest;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import java.util.Collection;
import java.util.List;

/** Every user-facing message of the ingest stage, in one place so tests can assert the wording. */
public final class IngestErrors {

    private IngestErrors() {
    }

    public static MinqingException noInput() {
        return new MinqingException(ExitCode.USAGE,
                "No input given. Pass one or more files or folders with --input (CSV, XLSX, JSONL, JSON).");
    }

    public static MinqingException missingInput(String path) {
        return new MinqingException(ExitCode.INPUT,
                "Input " + path + " does not exist. Check the path given to --input.");
    }

    public static MinqingException unsupportedFormat(String file) {
        return new MinqingException(ExitCode.INPUT,
                "Cannot ingest " + file + ": unknown file type. Supported: .csv/.txt (CSV), .xlsx (Excel), "
                        + ".jsonl/.ndjson (JSON Lines), .json (Open311 GeoReport v2). Rename the file or convert it.");
    }

    public static MinqingException emptyFolder(String path) {
        return new MinqingException(ExitCode.INPUT,
                "Input folder " + path + " holds no .csv, .txt, .xlsx, .jsonl, .ndjson or .json file.");
    }

    public static MinqingException sameFileName(String name, String a, String b) {
        return new MinqingException(ExitCode.INPUT,
                "Two inputs have the same name " + name + " (" + a + " and " + b + "). Lineage (source_file) keeps the "
                        + "file name, or its path below the --input folder when names repeat, so rename one of them or give "
                        + "their common folder as one --input.");
    }

    public static MinqingException unknownSheet(String file, String sheet, List<String> sheets) {
        return new MinqingException(ExitCode.USAGE,
                "Workbook " + file + " has no sheet named '" + sheet + "'. Its sheets are: " + String.join(", ", sheets)
                        + ". Fix --sheet or leave it out to read every sheet.");
    }

    public static MinqingException unreadableFile(String file, String why) {
        return new MinqingException(ExitCode.INPUT,
                "Cannot read " + file + ": " + why + ". Check that the file is complete and of the type its name says.");
    }

    public static MinqingException badJson(String file, long line, long column, String why) {
        return new MinqingException(ExitCode.INPUT,
                "File " + file + " is not valid JSON at line " + line + ", column " + column + ": " + why
                        + ". Nothing after this point could be read, so the file is refused as a whole; fix the JSON "
                        + "(or export it again) and rerun.");
    }

    public static MinqingException missingHeader(String file, String column, String label, List<String> accepted,
                                                 List<String> found) {
        return new MinqingException(ExitCode.INPUT,
                "File " + file + " has no column for " + column + " (" + label + "), which is required. The profile "
                        + "accepts the headers " + String.join(", ", accepted) + "; the file has: "
                        + String.join(", ", found) + ". Rename the header in the export or add it to the profile's "
                        + "columns." + column + " list; if the file is not an export of cases or surveys (a code list, a "
                        + "class table beside them in the folder), leave it out: give --input the export files themselves.");
    }

    public static MinqingException badEarliestDate(String key, String value) {
        return new MinqingException(ExitCode.USAGE, "Invalid value for '" + key + "': '" + value
                + "'. It must be a date yyyy-MM-dd (the earliest plausible date of an event time, e.g. 2000-01-01).");
    }

    public static MinqingException unknownProfile(String name, Collection<String> builtIn) {
        return new MinqingException(ExitCode.USAGE,
                "Unknown profile '" + name + "'. Built-in profiles: " + String.join(", ", builtIn)
                        + "; or give the path of a profile YAML file (see docs/ingest.md).");
    }

    public static MinqingException badProfile(String where, String key, String why) {
        return new MinqingException(ExitCode.USAGE,
                "Invalid profile " + where + ": '" + key + "' " + why + " See docs/ingest.md for the profile format.");
    }

    public static MinqingException badEncoding(String value) {
        return new MinqingException(ExitCode.USAGE,
                "Invalid value for '--encoding': '" + value + "'. Use a Java charset name such as UTF-8, GBK, GB18030, windows-1252, windows-1251 or Big5 (or leave it out to detect).");
    }

    public static MinqingException badAsOf(String value) {
        return new MinqingException(ExitCode.USAGE,
                "Invalid value for 'ingest.as-of': '" + value + "'. It must be a date yyyy-MM-dd.");
    }

    /** The reject threshold was crossed for at least one file. */
    public static MinqingException tooManyRejects(List<String> lines, double threshold, String rejectsWhere) {
        return new MinqingException(ExitCode.DATA_QUALITY,
                "Too many rejected rows (threshold " + pct(threshold) + " of a file's rows; duplicates do not count):\n  "
                        + String.join("\n  ", lines) + "\nThe rejected rows, with reason, column, value and how to fix "
                        + "them, are in " + rejectsWhere + ". Staged data was NOT updated. Fix the exports (or the "
                        + "profile) and rerun, or raise --reject-threshold if these rejects are expected.");
    }

    static String pct(double share) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", share * 100);
    }
}
