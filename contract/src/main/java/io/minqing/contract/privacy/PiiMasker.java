package io.minqing.contract.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal numbers and addresses found in free text before it is staged or shown, in the forms people write
 * them:
 * <ul>
 *   <li>mainland mobile numbers (13812345678 → 138****5678), with any blanks, dashes or dots between the digits
 *       ({@code 138-1234-5678}, {@code 138 1234 5678}, {@code 138.1234.5678}) and a +86 / 0086 / 86 country code;</li>
 *   <li>18-digit resident ID numbers (340402199001011234 → 340402********1234; last digit may be X) and the
 *       15-digit numbers issued before 1999 (340402900101123 → 340402******123, only when digits 7–12 read as a
 *       yymmdd date), both also written in groups of 6, 8 (6) and 4 (3);</li>
 *   <li>landline numbers with an area code written apart from the number (0554-1234567, (0554)1234567,
 *       0554 123 4567 → 0554-****567);</li>
 *   <li>e-mail addresses (zhang.san@example.com → z***@example.com).</li>
 * </ul>
 * Matching runs on an NFKC-folded view of the text, character for character: full-width digits, letters and
 * separators (１３８－１２３４，＠), the ideographic and no-break spaces and the dash variants (‐ ‑ ‒ – — −) count as
 * their ASCII forms, so {@code １３８１２３４５６７８} is masked like {@code 13812345678}; text outside a match keeps
 * its own characters. Digits inside longer digit runs (order numbers, amounts) are left alone.
 */
public final class PiiMasker {

    private static final String SEP = "[ \\t\\n\\r\\u000B\\f.\\-]";
    private static final Pattern ID_CARD = Pattern.compile(
            "(?<![0-9A-Za-z])(\\d{6}) ?(\\d{8}) ?(\\d{3}[0-9Xx])(?![0-9A-Za-z])");
    private static final Pattern ID_CARD_15 = Pattern.compile(
            "(?<![0-9A-Za-z])(\\d{6}) ?(\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])) ?(\\d{3})(?![0-9A-Za-z])");
    private static final Pattern MOBILE = Pattern.compile(
            "(?<!\\d)(?:\\(?(?:\\+|00)?86(?:\\)" + SEP + "?|" + SEP + "{0,2}))?(1[3-9](?:" + SEP + "{0,2}\\d){9})(?!\\d)");
    private static final Pattern LANDLINE = Pattern.compile(
            "(?<!\\d)\\(?(0\\d{2,3})(?:\\)" + SEP + "?|" + SEP + "{1,2})(\\d{6,8}|\\d{3,4}" + SEP + "\\d{3,4})(?!\\d)");
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,})");

    private PiiMasker() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String folded = fold(text);
        if (!mayContainPiiFolded(folded)) {
            return text;
        }
        return maskFolded(text, folded);
    }

    /** The regular-expression masking itself, without the prefilter (package-private for the prefilter's test). */
    static String maskWithPatterns(String text) {
        return maskFolded(text, fold(text));
    }

    /**
     * Masks {@code text} given its folded view ({@code folded} has the same length, char for char): each pattern
     * finds its matches in the folded view and the span is replaced in the original; patterns apply one after the
     * other, on the output of the previous one.
     */
    private static String maskFolded(String text, String folded) {
        String[] s = {text, folded};
        replace(s, ID_CARD, m -> m.group(1) + "********" + m.group(3));
        replace(s, ID_CARD_15, m -> m.group(1) + "******" + m.group(3));
        replace(s, MOBILE, m -> {
            String d = m.group(1).replaceAll("\\D", "");
            return d.substring(0, 3) + "****" + d.substring(7);
        });
        replace(s, LANDLINE, m -> {
            String local = m.group(2).replaceAll("\\D", "");
            if (local.length() < 6 || local.length() > 8) {
                return null; // not a landline: leave it
            }
            return m.group(1) + "-****" + local.substring(local.length() - 3);
        });
        replace(s, EMAIL, m -> m.group(1).charAt(0) + "***@" + m.group(2));
        return s[0];
    }

    /** True when {@code text} still contains something that looks like a phone or ID number or an e-mail address. */
    public static boolean containsPii(String text) {
        if (text == null) {
            return false;
        }
        String f = fold(text);
        return mayContainPiiFolded(f) && !maskFolded(text, f).equals(text);
    }

    /**
     * The folded view matching runs on: NFKC's compatibility mapping for the characters that can make up a number or
     * an address (full-width ASCII forms U+FF01–FF5E, the ideographic space, other spaces, dash variants, digits of
     * other scripts), one char for one char so match positions carry over to the original. Returns {@code text}
     * itself when nothing changes (the usual case).
     */
    public static String fold(String text) {
        char[] out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            char f = foldChar(c);
            if (f != c) {
                if (out == null) {
                    out = text.toCharArray();
                }
                out[i] = f;
            }
        }
        return out == null ? text : new String(out);
    }

    private static char foldChar(char c) {
        if (c >= 0x4E00 && c <= 0x9FFF) {
            return c; // a CJK ideograph, most of the text: none folds (and none is a digit)
        }
        if (c >= 0xFF01 && c <= 0xFF5E) {
            return (char) (c - 0xFEE0);
        }
        if (c == 0x3000 || c == 0x00A0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F) {
            return ' ';
        }
        if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63) {
            return '-';
        }
        if (c == 0xFE6B) {
            return '@';
        }
        if (Character.isDigit(c)) {
            return (char) ('0' + Character.digit(c, 10));
        }
        return c;
    }

    /**
     * A single-pass prefilter, the hot spot of ingest (every staged text and every raw record goes through it), run on
     * the folded text: false only when none of the patterns can match, so the regular expressions are skipped. An
     * '@' may start an e-mail address; otherwise it looks at "chains": maximal runs of digit groups joined by one or
     * two separators (blank, '-', '.', '(' or ')'), the only shapes the number patterns can span (each match starts
     * after a non-digit and ends before one, so it covers whole groups). A pattern needs
     * <ul>
     *   <li>ID card: consecutive groups holding 15, 17 or 18 digits (17 and then X);</li>
     *   <li>mobile: consecutive groups holding 11 digits in all, or 13 or 15 with the country code 86 / 0086;</li>
     *   <li>landline: a group of 3–4 digits (the area code) followed by one of 6–8, or by two of 3–4 holding 6–8.</li>
     * </ul>
     * Dates and times ({@code 2021-08-01 10:00:00}: groups 4,2,2,2 then a colon) and short numbers pass in one scan.
     */
    static boolean mayContainPii(String text) {
        return mayContainPiiFolded(fold(text));
    }

    private static boolean mayContainPiiFolded(String text) {
        int[] groups = null; // made at the first digit group: most texts have none, and this runs on every one
        int n = 0;
        int run = 0;
        int len = text.length();
        for (int i = 0; i <= len; i++) {
            char ch = i < len ? text.charAt(i) : '\0';
            if (ch >= '0' && ch <= '9') {
                run++;
                continue;
            }
            if (ch == '@') {
                return true;
            }
            if (run > 0) {
                if (groups == null) {
                    groups = new int[8];
                } else if (n == groups.length) {
                    groups = java.util.Arrays.copyOf(groups, n * 2);
                }
                groups[n++] = run;
                run = 0;
                if (joins(text, i)) {
                    if (!isDigit(text.charAt(i + 1))) {
                        i++; // two separators
                    }
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

    /** True when one or two separators at {@code i} are followed by a digit. */
    private static boolean joins(String text, int i) {
        int len = text.length();
        if (i >= len || !isSeparator(text.charAt(i))) {
            return false;
        }
        if (i + 1 < len && isDigit(text.charAt(i + 1))) {
            return true;
        }
        return i + 2 < len && isSeparator(text.charAt(i + 1)) && isDigit(text.charAt(i + 2));
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    private static boolean isSeparator(char ch) {
        return ch == '-' || ch == ' ' || ch == '\t' || ch == '\n' || ch == '\u000B' || ch == '\f' || ch == '\r'
                || ch == '.' || ch == '(' || ch == ')';
    }

    private static boolean chainMayMatch(int[] g, int n) {
        for (int i = 0; i < n; i++) {
            int sum = 0;
            for (int j = i; j < n && sum < 18; j++) {
                sum += g[j];
                if (sum == 11 || sum == 13 || sum == 15 || sum == 17 || sum == 18) {
                    return true;
                }
            }
            if ((g[i] == 3 || g[i] == 4) && i + 1 < n) {
                if (g[i + 1] >= 6 && g[i + 1] <= 8) {
                    return true;
                }
                if (i + 2 < n && g[i + 1] >= 3 && g[i + 1] <= 4 && g[i + 2] >= 3 && g[i + 2] <= 4
                        && g[i + 1] + g[i + 2] <= 8) {
                    return true;
                }
            }
        }
        return false;
    }

    private interface Replacer {
        /** The replacement of a match, or null to leave it as it is. */
        String apply(Matcher m);
    }

    /** Replaces the matches of {@code p} in the folded view {@code s[1]} and the same spans of the original {@code s[0]}. */
    private static void replace(String[] s, Pattern p, Replacer r) {
        Matcher m = p.matcher(s[1]);
        StringBuilder out = null;
        StringBuilder outFolded = null;
        int last = 0;
        while (m.find()) {
            String rep = r.apply(m);
            if (rep == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s[0].length());
                outFolded = new StringBuilder(s[0].length());
            }
            out.append(s[0], last, m.start()).append(rep);
            outFolded.append(s[1], last, m.start()).append(rep);
            last = m.end();
        }
        if (out != null) {
            out.append(s[0], last, s[0].length());
            outFolded.append(s[1], last, s[1].length());
            s[0] = out.toString();
            s[1] = outFolded.toString();
        }
    }
}
