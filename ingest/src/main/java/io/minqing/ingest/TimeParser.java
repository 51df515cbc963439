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
    private transient List<Fast> fast;

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

    private List<Fast> fast() {
        if (fast == null) {
            List<Fast> f = new ArrayList<>();
            for (String p : patterns) {
                f.add(Fast.of(p));
            }
            f.add(Fast.of(CELL_FORMAT));
            fast = f;
        }
        return fast;
    }

    /**
     * A shortcut for a pattern of fixed-width numbers and literal separators only ({@code yyyy-MM-dd HH:mm:ss},
     * {@code yyyy-MM-dd}): the text is read by hand when it has exactly the pattern's shape (every field its width
     * in ASCII digits, each literal in place) and names a real date and time. Anything else (another shape, a field
     * out of range, 2021-02-30) goes to the {@link DateTimeFormatter}, which decides and words the error as before,
     * so the shortcut only skips work the formatter would have done with the same result. Only patterns whose
     * numbers are each followed by a literal (or the end) take it, so a wider year is never read differently.
     */
    private record Fast(char[] shape) {
        // shape: per char, 'y' 'M' 'd' 'H' 'm' 's' for a digit of that field, or the literal char itself

        static Fast of(String pattern) {
            String[] fields = {"yyyy", "MM", "dd", "HH", "mm", "ss"};
            StringBuilder shape = new StringBuilder();
            boolean[] seen = new boolean[fields.length];
            int i = 0;
            boolean lastWasField = false;
            while (i < pattern.length()) {
                char ch = pattern.charAt(i);
                if (Character.isLetter(ch)) {
                    int f = -1;
                    for (int k = 0; k < fields.length; k++) {
                        if (pattern.startsWith(fields[k], i)
                                && (i + fields[k].length() >= pattern.length() || pattern.charAt(i + fields[k].length()) != ch)) {
                            f = k;
                        }
                    }
                    if (f < 0 || seen[f] || lastWasField) {
                        return null;
                    }
                    seen[f] = true;
                    shape.append(String.valueOf(ch).repeat(fields[f].length()));
                    i += fields[f].length();
                    lastWasField = true;
                } else if (ch == '\'' || ch == '[' || ch == ']' || ch == '#' || ch == '{' || ch == '}' || Character.isDigit(ch)) {
                    return null;
                } else {
                    shape.append(ch);
                    i++;
                    lastWasField = false;
                }
            }
            // a date needs all of y, M, d; a time of day, if any, needs H, m and s here (fewer: the formatter's job)
            if (!seen[0] || !seen[1] || !seen[2] || ((seen[3] || seen[4] || seen[5]) && !(seen[3] && seen[4] && seen[5]))) {
                return null;
            }
            return new Fast(shape.toString().toCharArray());
        }

        /** The time, or null when the formatter must decide. */
        LocalDateTime parse(String text) {
            if (text.length() != shape.length) {
                return null;
            }
            int y = 0;
            int mo = 0;
            int d = 0;
            int h = 0;
            int mi = 0;
            int s = 0;
            for (int i = 0; i < shape.length; i++) {
                char f = shape[i];
                char c = text.charAt(i);
                switch (f) {
                    case 'y', 'M', 'd', 'H', 'm', 's' -> {
                        if (c < '0' || c > '9') {
                            return null;
                        }
                        int v = c - '0';
                        switch (f) {
                            case 'y' -> y = y * 10 + v;
                            case 'M' -> mo = mo * 10 + v;
                            case 'd' -> d = d * 10 + v;
                            case 'H' -> h = h * 10 + v;
                            case 'm' -> mi = mi * 10 + v;
                            default -> s = s * 10 + v;
                        }
                    }
                    default -> {
                        if (c != f) {
                            return null;
                        }
                    }
                }
            }
            if (mo < 1 || mo > 12 || d < 1 || d > 28 && d > java.time.YearMonth.of(y, mo).lengthOfMonth() || h > 23 || mi > 59 || s > 59) {
                return null;
            }
            return LocalDateTime.of(y, mo, d, h, mi, s);
        }
    }

    public List<String> patterns() {
        return patterns;
    }

    /** Parses {@code text} (already trimmed, non-empty). */
    public Parsed parse(String text) {
        List<DateTimeFormatter> fs = formatters();
        List<Fast> quick = fast();
        String invalid = null;
        for (int i = 0; i < fs.size(); i++) {
            Fast q = quick.get(i);
            if (q != null) {
                LocalDateTime dt = q.parse(text);
                if (dt != null) {
                    return new Parsed(dt, i, i < patterns.size() ? patterns.get(i) : CELL_FORMAT, null);
                }
            }
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
