package io.minqing.contract.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal numbers found in free text before it is staged or shown:
 * mainland mobile numbers (13812345678 → 138****5678, also with +86 and blanks/dashes inside),
 * 18-digit resident ID numbers (340402199001011234 → 340402********1234; last digit may be X),
 * and landline numbers with an area code (0554-1234567 → 0554-****567).
 * Digits inside longer digit runs (order numbers, amounts) are left alone.
 */
public final class PiiMasker {

    private static final Pattern ID_CARD = Pattern.compile("(?<![0-9A-Za-z])(\\d{6})(\\d{8})(\\d{3}[0-9Xx])(?![0-9A-Za-z])");
    private static final Pattern MOBILE = Pattern.compile("(?<!\\d)(?:\\+?86[\\s-]?)?(1[3-9]\\d)[\\s-]?(\\d{4})[\\s-]?(\\d{4})(?!\\d)");
    private static final Pattern LANDLINE = Pattern.compile("(?<!\\d)(0\\d{2,3})[\\s-](\\d{3,4})(\\d{3,4})(?!\\d)");

    private PiiMasker() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty() || !mayContainPii(text)) {
            return text;
        }
        return maskWithPatterns(text);
    }

    /** The regular-expression masking itself, without the prefilter (package-private for the prefilter's test). */
    static String maskWithPatterns(String text) {
        String s = replace(ID_CARD, text, m -> m.group(1) + "********" + m.group(3));
        s = replace(MOBILE, s, m -> m.group(1) + "****" + m.group(3));
        s = replace(LANDLINE, s, m -> m.group(1) + "-****" + m.group(3));
        return s;
    }

    /** True when {@code text} still contains something that looks like a phone or ID number. */
    public static boolean containsPii(String text) {
        return text != null && mayContainPii(text) && (ID_CARD.matcher(text).find() || MOBILE.matcher(text).find() || LANDLINE.matcher(text).find());
    }

    /**
     * A single-pass prefilter, the hot spot of ingest (every staged text and every raw record goes through it):
     * false only when none of the patterns can match, so the regular expressions are skipped. It looks at "chains":
     * maximal runs of digit groups joined by exactly one separator ({@code \s} or '-'), the only shapes the patterns
     * can span (each match starts after a non-digit and ends before one, so it covers whole groups). A pattern needs
     * <ul>
     *   <li>ID card: one group of 17 or 18 digits (18, or 17 and then X);</li>
     *   <li>mobile: consecutive groups holding 11 digits in all, or 13 with the country code 86 run in;</li>
     *   <li>landline: a group of 3–4 digits (the area code) followed by one of 6–8.</li>
     * </ul>
     * Dates and times ({@code 2021-08-01 10:00:00}: groups 4,2,2,2 then a colon) and short numbers pass in one scan.
     */
    static boolean mayContainPii(String text) {
        int[] groups = new int[8];
        int n = 0;
        int run = 0;
        int len = text.length();
        for (int i = 0; i <= len; i++) {
            char ch = i < len ? text.charAt(i) : '\0';
            if (ch >= '0' && ch <= '9') {
                run++;
                continue;
            }
            if (run > 0) {
                if (n == groups.length) {
                    groups = java.util.Arrays.copyOf(groups, n * 2);
                }
                groups[n++] = run;
                run = 0;
                boolean joins = isSeparator(ch) && i + 1 < len && text.charAt(i + 1) >= '0' && text.charAt(i + 1) <= '9';
                if (joins) {
                    continue;
                }
            }
            if (n > 0) {
                if (chainMayMatch(groups, n)) {
                    return true;
                }
                n = 0;
            }
        }
        return false;
    }

    private static boolean isSeparator(char ch) {
        return ch == '-' || ch == ' ' || ch == '\t' || ch == '\n' || ch == '\u000B' || ch == '\f' || ch == '\r';
    }

    private static boolean chainMayMatch(int[] g, int n) {
        for (int i = 0; i < n; i++) {
            if (g[i] == 17 || g[i] == 18) {
                return true;
            }
            if (i + 1 < n && (g[i] == 3 || g[i] == 4) && g[i + 1] >= 6 && g[i + 1] <= 8) {
                return true;
            }
            int sum = 0;
            for (int j = i; j < n && sum < 13; j++) {
                sum += g[j];
                if (sum == 11 || sum == 13) {
                    return true;
                }
            }
        }
        return false;
    }

    private interface Replacer {
        String apply(Matcher m);
    }

    private static String replace(Pattern p, String text, Replacer r) {
        Matcher m = p.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(r.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
