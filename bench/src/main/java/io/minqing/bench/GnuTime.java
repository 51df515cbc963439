package io.minqing.bench;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what GNU {@code /usr/bin/time -v} writes about one finished process: its peak resident memory (the
 * largest of the process and the children it waited for, which for the launcher is the one {@code exec}-ed JVM)
 * and its CPU seconds.
 */
public final class GnuTime {

    /** The figures a benchmark row needs: peak RSS in KiB and user + system CPU seconds. */
    public record Usage(long maxRssKb, double cpuSeconds) {
        public double maxRssMb() {
            return maxRssKb / 1024.0;
        }
    }

    private static final Pattern MAX_RSS = Pattern.compile("^\\s*Maximum resident set size \\(kbytes\\):\\s*(\\d+)\\s*$", Pattern.MULTILINE);
    private static final Pattern USER = Pattern.compile("^\\s*User time \\(seconds\\):\\s*([0-9.]+)\\s*$", Pattern.MULTILINE);
    private static final Pattern SYS = Pattern.compile("^\\s*System time \\(seconds\\):\\s*([0-9.]+)\\s*$", Pattern.MULTILINE);

    private GnuTime() {
    }

    /** The usage in a {@code time -v} report, or empty when the report has no peak-memory line (time not run, killed). */
    public static Optional<Usage> parse(String report) {
        Matcher rss = MAX_RSS.matcher(report);
        if (!rss.find()) {
            return Optional.empty();
        }
        return Optional.of(new Usage(Long.parseLong(rss.group(1)), seconds(USER, report) + seconds(SYS, report)));
    }

    private static double seconds(Pattern p, String report) {
        Matcher m = p.matcher(report);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
