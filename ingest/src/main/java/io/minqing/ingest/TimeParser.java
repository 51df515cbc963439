package io.minqing.ingest;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses source times with the formats a profile lists, strictly: 2021-02-30 or 25:00 is an error, not the
 * nearest valid time. A format without a time of day gives midnight. Formats are java.time patterns; {@code yyyy}
 * is read as the proleptic year so that strict resolution works. XLSX date cells arrive as
 * {@code yyyy-MM-dd HH:mm:ss} (see {@link io.minqing.ingest.read.XlsxSource}) and that format is always accepted.
 */
public final class TimeParser implements Serializable {

    private static final long serialVersionUID = 1L;
    /** How XLSX date cells are rendered; always accepted, never counted as a normalisation. */
    public static final String CELL_FORMAT = "yyyy-MM-dd HH:mm:ss";

    private final List<String> patterns;
    private transient List<DateTimeFormatter> formatters;

    public TimeParser(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** Result of a parse: the time and the index of the format that matched, or an error message. */
    public record Parsed(LocalDateTime time, int formatIndex, String pattern, String error) {
        public boolean ok() {
            return time != null;
        }
    }

    static void validate(List<String> patterns, String where) {
        for (String p : patterns) {
            try {
                formatter(p);
            } catch (IllegalArgumentException e) {
                throw IngestErrors.badProfile(where, "time-formats", "holds an invalid pattern '" + p + "': " + e.getMessage() + ".");
            }
        }
    }

    private static DateTimeFormatter formatter(String p) {
        return DateTimeFormatter.ofPattern(p.replace("yyyy", "uuuu"), Locale.US).withResolverStyle(ResolverStyle.STRICT);
    }

    private List<DateTimeFormatter> formatters() {
        if (formatters == null) {
            List<DateTimeFormatter> f = new ArrayList<>();
            for (String p : patterns) {
                f.add(formatter(p));
            }
            f.add(formatter(CELL_FORMAT));
            formatters = f;
        }
        return formatters;
    }

    public List<String> patterns() {
        return patterns;
    }

    /** Parses {@code text} (already trimmed, non-empty). */
    public Parsed parse(String text) {
        List<DateTimeFormatter> fs = formatters();
        String invalid = null;
        for (int i = 0; i < fs.size(); i++) {
            DateTimeFormatter f = fs.get(i);
            try {
                var t = f.parse(text);
                LocalDateTime dt;
                if (t.isSupported(ChronoField.HOUR_OF_DAY)) {
                    dt = LocalDateTime.from(t);
                } else {
                    dt = LocalDate.from(t).atStartOfDay();
                }
                return new Parsed(dt, i, i < patterns.size() ? patterns.get(i) : CELL_FORMAT, null);
            } catch (DateTimeParseException e) {
                String msg = e.getMessage();
                if (invalid == null && msg != null && msg.contains("Invalid")) {
                    int k = msg.indexOf("Invalid");
                    invalid = msg.substring(k);
                }
            } catch (java.time.DateTimeException e) {
                if (invalid == null) {
                    invalid = e.getMessage();
                }
            }
        }
        String err = invalid != null
                ? "'" + text + "' is not a real calendar date/time (" + invalid + ")"
                : "'" + text + "' matches none of the accepted formats " + String.join(" | ", patterns);
        return new Parsed(null, -1, null, err);
    }
}
