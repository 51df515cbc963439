package io.minqing.transform.metrics;

import java.time.LocalDateTime;
import java.time.YearMonth;

/**
 * Assessment windows (考核月份). With cut day 1 the window of month M is the calendar month; with cut day d &gt; 1 it
 * runs from day d of M−1 00:00 (inclusive) to day d of M 00:00 (exclusive), so "2021-08" with d = 19 is
 * 2021-07-19 … 2021-08-18.
 */
public final class Windows {

    private Windows() {
    }

    /** The assessment month whose window holds t. */
    public static YearMonth monthOf(LocalDateTime t, int cutDay) {
        YearMonth m = YearMonth.from(t);
        return cutDay > 1 && t.getDayOfMonth() >= cutDay ? m.plusMonths(1) : m;
    }

    public static LocalDateTime start(YearMonth m, int cutDay) {
        return cutDay == 1 ? m.atDay(1).atStartOfDay() : m.minusMonths(1).atDay(cutDay).atStartOfDay();
    }

    /** Exclusive end of the window. */
    public static LocalDateTime end(YearMonth m, int cutDay) {
        return start(m.plusMonths(1), cutDay);
    }

    /**
     * The same rule as a Spark SQL expression over a TIMESTAMP_NTZ expression, giving yyyy-MM. Built from the
     * wall-clock date (year, month) rather than {@code date_format}, which converts every value through the session
     * time zone and a formatter — the same text, at a fraction of the cost, and independent of any zone.
     */
    public static String sqlMonthOf(String tsExpr, int cutDay) {
        String d = cutDay == 1 ? "CAST(" + tsExpr + " AS DATE)"
                : "add_months(CAST(" + tsExpr + " AS DATE), CASE WHEN day(" + tsExpr + ") >= " + cutDay + " THEN 1 ELSE 0 END)";
        return "concat(lpad(CAST(year(" + d + ") AS STRING), 4, '0'), '-', lpad(CAST(month(" + d + ") AS STRING), 2, '0'))";
    }
}
