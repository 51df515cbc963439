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
        if (text == null || text.isEmpty() || !hasEnoughDigits(text)) {
            return text;
        }
        String s = replace(ID_CARD, text, m -> m.group(1) + "********" + m.group(3));
        s = replace(MOBILE, s, m -> m.group(1) + "****" + m.group(3));
        s = replace(LANDLINE, s, m -> m.group(1) + "-****" + m.group(3));
        return s;
    }

    /** True when {@code text} still contains something that looks like a phone or ID number. */
    public static boolean containsPii(String text) {
        return text != null && hasEnoughDigits(text) && (ID_CARD.matcher(text).find() || MOBILE.matcher(text).find() || LANDLINE.matcher(text).find());
    }

    /**
     * The shortest number any pattern matches has 9 ASCII digits (a landline: 0 + 2-digit area code + 3 + 3); text
     * with fewer digits in all cannot match, so the regular expressions — the hot spot of ingest — are skipped.
     */
    static boolean hasEnoughDigits(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch >= '0' && ch <= '9' && ++digits >= MIN_DIGITS) {
                return true;
            }
        }
        return false;
    }

    private static final int MIN_DIGITS = 9;

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
