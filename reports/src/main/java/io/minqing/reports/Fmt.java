package io.minqing.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Number formatting shared by HTML, DOCX and CSV, so the same mart value reads the same everywhere. Rates are
 * fractions 0–1 in the marts and shown as percentages with one decimal (half-up), e.g. 0.8125 → "81.3%".
 */
public final class Fmt {

    public static final String NONE = "—";

    private Fmt() {
    }

    public static String pct(Double fraction) {
        if (fraction == null || fraction.isNaN()) {
            return NONE;
        }
        return round(fraction * 100, 1) + "%";
    }

    /** Percentage without the sign (for tables whose header says %). */
    public static String pctNumber(Double fraction) {
        return fraction == null || fraction.isNaN() ? NONE : round(fraction * 100, 1);
    }

    /** Change in percentage points with its sign: +2.5 / −1.0 / 0.0. */
    public static String pp(Double delta) {
        if (delta == null || delta.isNaN()) {
            return NONE;
        }
        String r = round(Math.abs(delta) * 100, 1);
        return (delta > 0 && !r.equals("0.0") ? "+" : delta < 0 && !r.equals("0.0") ? "−" : "±") + r;
    }

    public static String interval(Double lo, Double hi) {
        if (lo == null || hi == null) {
            return NONE;
        }
        return pctNumber(lo) + "–" + pctNumber(hi);
    }

    /** A duration stored in hours, shown in days with one decimal (60 h → "2.5天"), so columns compare at a glance. */
    public static String hours(Double h) {
        if (h == null || h.isNaN()) {
            return NONE;
        }
        return round(h / 24, 1) + "天";
    }

    public static String count(long n) {
        return String.format("%,d", n);
    }

    public static String num(Double v, int decimals) {
        return v == null || v.isNaN() ? NONE : round(v, decimals);
    }

    public static String round(double v, int decimals) {
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    /** A relative change as stored in the marts (0.125 → "+12.5%", −0.03 → "−3.0%"); "—" when absent. */
    public static String rel(Double change) {
        if (change == null || change.isNaN()) {
            return NONE;
        }
        String r = round(Math.abs(change) * 100, 1);
        return (r.equals("0.0") ? "±" : change > 0 ? "+" : "−") + r + "%";
    }
}
