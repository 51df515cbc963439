package io.minqing.generator;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.Objects;

/**
 * What {@code minqing generate} makes, checked once.
 *
 * @param out       folder to write into (exports/, truth/, manifest.json; other content is left alone)
 * @param seed      random seed; same seed and options give the same bytes
 * @param from      first month (inclusive)
 * @param to        last month (inclusive)
 * @param cases     total number of cases, or null for the district's natural volume (about 1,000–2,000 a month)
 * @param messyRate share of rows that carry a defect in the messy exports; 0 writes the clean exports
 * @param asOf      export cut-off (district local time): cases still open then are exported open
 */
public record GeneratorConfig(Path out, long seed, YearMonth from, YearMonth to, Long cases, double messyRate,
                              LocalDateTime asOf) {

    public static final long DEFAULT_SEED = 20200101L;
    public static final YearMonth DEFAULT_FROM = YearMonth.of(2020, 1);
    public static final YearMonth DEFAULT_TO = YearMonth.of(2021, 8);
    /** The messy rate the CLI uses when {@code --messy} is given without a value: under the 5% ingest threshold. */
    public static final double DEFAULT_MESSY_RATE = 0.02;
    public static final double MAX_MESSY_RATE = 0.5;

    public GeneratorConfig {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw GeneratorErrors.badOption("--to", to, "It must not be before --from (" + from + ").");
        }
        if (from.isBefore(YearMonth.of(2000, 1)) || to.isAfter(YearMonth.of(2099, 12))) {
            throw GeneratorErrors.badOption(from.isBefore(YearMonth.of(2000, 1)) ? "--from" : "--to",
                    from.isBefore(YearMonth.of(2000, 1)) ? from : to, "Months must lie between 2000-01 and 2099-12.");
        }
        if (cases != null && cases < 1) {
            throw GeneratorErrors.badOption("--cases", cases, "It must be a positive whole number of cases.");
        }
        if (!(messyRate >= 0 && messyRate <= MAX_MESSY_RATE)) {
            throw GeneratorErrors.badOption("--messy", messyRate,
                    "It must be a share of rows from 0 to " + MAX_MESSY_RATE + " (e.g. 0.02 for 2%; ingest rejects a file "
                            + "when more than 5% of its rows are bad).");
        }
        if (asOf == null) {
            asOf = defaultAsOf(to);
        }
        LocalDateTime endOfLastMonth = to.plusMonths(1).atDay(1).atStartOfDay();
        if (asOf.isBefore(endOfLastMonth)) {
            throw GeneratorErrors.badOption("--as-of", asOf, "The export cut-off must be after the last month --to " + to
                    + " has ended (from " + endOfLastMonth + " on); the default is " + defaultAsOf(to) + ".");
        }
    }

    /** A few days after the last month: late cases are still open, recent ones not yet surveyed. */
    public static LocalDateTime defaultAsOf(YearMonth to) {
        return to.plusMonths(1).atDay(5).atTime(10, 0);
    }

    public static GeneratorConfig defaults(Path out) {
        return new GeneratorConfig(out, DEFAULT_SEED, DEFAULT_FROM, DEFAULT_TO, null, 0.0, null);
    }

    /** Parses a month option ({@code 2020-01}). */
    public static YearMonth parseMonth(String option, String text) {
        try {
            return YearMonth.parse(text.trim());
        } catch (RuntimeException e) {
            throw GeneratorErrors.badOption(option, text, "Write the month as yyyy-MM, e.g. 2020-01.");
        }
    }

    /** Parses {@code --as-of}: {@code 2021-09-05 10:00:00}, {@code 2021-09-05T10:00}, or a date {@code 2021-09-05} (= 00:00). */
    public static LocalDateTime parseAsOf(String text) {
        String t = text.trim().replace(' ', 'T');
        try {
            return t.length() == 10 ? java.time.LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t);
        } catch (RuntimeException e) {
            throw GeneratorErrors.badOption("--as-of", text,
                    "Write the cut-off as district local time yyyy-MM-dd HH:mm:ss (or yyyy-MM-dd), e.g. 2021-09-05 10:00:00.");
        }
    }

    public boolean messy() {
        return messyRate > 0;
    }
}
