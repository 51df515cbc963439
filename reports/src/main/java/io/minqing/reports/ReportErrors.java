package io.minqing.reports;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import java.nio.file.Path;
import java.util.Collection;

/** The one place where the report's user-facing error messages are written; tests assert these texts. */
public final class ReportErrors {

    private ReportErrors() {
    }

    public static MinqingException noCjkFont(Collection<String> installed) {
        return new MinqingException(ExitCode.USAGE,
                "No installed font can draw Chinese, so the PNG charts would show boxes instead of characters. "
                        + "Install one: run scripts/ensure-report-deps.sh as root, or 'apt-get install -y fonts-wqy-microhei' "
                        + "(or fonts-noto-cjk). Looked for: " + String.join(", ", CjkFonts.PREFERRED)
                        + ". Installed families: " + (installed.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(installed))) + ".");
    }

    public static MinqingException missingMart(String mart, Path where, String stage) {
        return new MinqingException(ExitCode.INPUT,
                "Missing mart " + mart + ": no Parquet files under " + where + ". Run '" + stage
                        + "' on this lake first (it writes marts/" + mart + ").");
    }

    public static MinqingException missingColumn(String mart, String column, String type, Path where, String stage) {
        return new MinqingException(ExitCode.INPUT,
                "Mart " + mart + " at " + where + " has no column '" + column + "' (" + type
                        + ") that the report needs. It was written by an older or different version of minqing: re-run '"
                        + stage + "' on this lake with this version.");
    }

    public static MinqingException monthNotInMarts(String month, String mart, Collection<String> available) {
        return new MinqingException(ExitCode.INPUT,
                "Month " + month + " is not in mart " + mart + "; it holds " + (available.isEmpty() ? "no months"
                        : String.join(", ", available)) + ". Pick one of those with --month, or ingest and transform that month first.");
    }

    public static MinqingException badMonth(String value) {
        return new MinqingException(ExitCode.USAGE,
                "Invalid value for '--month': '" + value + "'. It must be a month written yyyy-MM, e.g. 2021-08.");
    }

    public static MinqingException unreadableQualitySummary(Path file, String why) {
        return new MinqingException(ExitCode.INPUT,
                "Cannot read the ingest data-quality summary " + file + ": " + why
                        + ". Re-run 'minqing ingest' on this lake to rewrite it.");
    }

    public static MinqingException cannotWrite(Path out, Exception cause) {
        return new MinqingException(ExitCode.INPUT,
                "Cannot write the report to " + out + ": " + cause.getMessage() + ". Check the folder is writable.", cause);
    }
}
