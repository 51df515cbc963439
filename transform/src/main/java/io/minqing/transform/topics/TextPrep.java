package io.minqing.transform.topics;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleans case text before segmentation and parses the residential estate (小区) out of an address.
 *
 * <p>Masking: numbers (phone masks like {@code 138****5678}, house numbers, dates, amounts), Latin letters and
 * anonymised place tokens ({@code A3区}), building / unit / room parts ({@code 5栋2单元}), the case's own address and
 * community name are removed, so topics are about <em>what</em> was raised, not <em>where</em> (place is kept in
 * its own column) nor <em>who</em>. What is left is Chinese text for the segmenter.
 */
public final class TextPrep implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Building, unit, room, floor, house-number parts of an address: 5栋, 2单元, 301室, 12号楼, 三层. */
    private static final Pattern BUILDING = Pattern.compile(
            "[0-9０-９一二三四五六七八九十百零两]+\\s*(号楼|栋|幢|单元|室|层|楼|号|户|排|组)");
    /** Anonymised place tokens of the Teddy Cup data (A市, A3区, K8县) and any Latin/digit run. */
    private static final Pattern LATIN_DIGITS = Pattern.compile("[A-Za-z]+[0-9]*(市|区|县)?|[0-9０-９][0-9０-９.:/*\\-年月日号点时分]*|\\*+");
    /** Estates: the name before 小区/花园/家园/… (2–6 Chinese characters). */
    private static final Pattern ESTATE_IN_TEXT = Pattern.compile(
            "[\\p{IsHan}]{2,6}?(小区|花园|家园|公寓|新村|新城|村[一二三四五六七八九十]区|[一二三四五六七八九十]区)");
    /** Leading administrative part of an address: …区 …街道/镇/乡 …社区. */
    private static final Pattern ADMIN_PREFIX = Pattern.compile(
            "^(\\p{IsHan}{1,6}?市)?(\\p{IsHan}{1,6}?(区|县)(?=\\p{IsHan}{1,8}?(街道|镇|乡|社区)))?(\\p{IsHan}{1,8}?(街道|镇|乡))?(\\p{IsHan}{1,8}?社区(居委会)?)?");
    private static final Pattern PLACE_END = Pattern.compile(
            "^(.{2,12}?(小区|花园|家园|公寓|新村|新城|大院|宿舍|广场|大厦|苑|园|庄|村[一二三四五六七八九十0-9]*区|[一二三四五六七八九十]区|村))");

    /**
     * The text to segment: the title (if any) and the description, with numbers, Latin tokens, building parts,
     * the case's address and community name removed.
     */
    public String clean(String text, String address, String community) {
        return clean(text, address, address == null || address.length() < 2 ? null : place(address), community);
    }

    /**
     * As {@link #clean(String, String, String)}, with the address's estate already parsed ({@link #place}, or null when
     * the address is shorter than 2 characters): a case's title and description share one parse.
     */
    String clean(String text, String address, String addressPlace, String community) {
        if (text == null || text.isBlank()) {
            return "";
        }
        if (isSpacedScript(text)) {
            return cleanSpaced(text, address, community);
        }
        String s = text;
        if (address != null && address.length() >= 2) {
            s = s.replace(address.trim(), " ");
            if (addressPlace != null) {
                s = s.replace(addressPlace, " ");
            }
        }
        if (community != null && community.length() >= 2) {
            s = s.replace(community, " ");
            if (community.endsWith("社区") && community.length() > 3) {
                s = s.replace(community.substring(0, community.length() - 2), " ");
            }
        }
        // each pattern runs only when the text has a character its every match needs (the result is the same)
        if (hasAny(s, BUILDING_ENDS)) {
            s = BUILDING.matcher(s).replaceAll(" ");
        }
        if (hasAny(s, ESTATE_ENDS)) {
            s = ESTATE_IN_TEXT.matcher(s).replaceAll(" ");
        }
        if (hasLatinOrDigit(s)) {
            s = LATIN_DIGITS.matcher(s).replaceAll(" ");
        }
        return SPACES.matcher(s).replaceAll(" ").trim();
    }

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern TRAILING_PUNCT = Pattern.compile("[\\p{Punct}，。、（）()\\s]+$");
    /** Characters one of which every BUILDING match ends with (号楼 ends with 楼, 单元 contains 单). */
    private static final String BUILDING_ENDS = "楼栋幢单室层号户排组";
    /** Characters one of which every ESTATE_IN_TEXT match contains. */
    private static final String ESTATE_ENDS = "区园寓村城";

    private static boolean hasAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether LATIN_DIGITS can match: an ASCII letter, an ASCII or full-width digit, or '*'. */
    private static boolean hasLatinOrDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128 ? Character.isLetterOrDigit(c) || c == '*' : c >= '０' && c <= '９') {
                return true;
            }
        }
        return false;
    }

    /** Addresses already parsed by {@link #placeOf} (bounded: past the limit, addresses are parsed every time). */
    private transient volatile java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<String>> places;
    private static final int PLACE_MEMO = 200_000;

    /**
     * {@link #place} with a memo: most cases of a district share a few thousand addresses, and the parse is a cascade of
     * regular expressions. Thread-safe.
     */
    public String placeOf(String address) {
        if (address == null) {
            return null;
        }
        var memo = places;
        if (memo == null) {
            synchronized (this) {
                if (places == null) {
                    places = new java.util.concurrent.ConcurrentHashMap<>();
                }
                memo = places;
            }
        }
        java.util.Optional<String> p = memo.get(address);
        if (p == null) {
            p = java.util.Optional.ofNullable(place(address));
            if (memo.size() < PLACE_MEMO) {
                memo.putIfAbsent(address, p);
            }
        }
        return p.orElse(null);
    }

    /** Numbers and anything with a digit in it (house numbers, dates, ids, phone masks). */
    private static final Pattern LATIN_NUMBERS = Pattern.compile("\\S*[0-9]\\S*|\\*+");

    /**
     * Text in a script that separates its words with spaces — Latin, Cyrillic, Greek, Arabic, Hangul … — rather than
     * Chinese or Japanese: more than twice as many letters of such scripts as Han characters and kana (so a Chinese text
     * with a few Latin tokens stays Chinese, Japanese stays with HanLP, and an English or Russian text with none is spaced).
     */
    public static boolean isSpacedScript(String text) {
        int spaced = 0;
        int han = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.isIdeographic(cp)) {
                han++;
            } else if (Character.isLetter(cp)) {
                Character.UnicodeScript script = Character.UnicodeScript.of(cp);
                if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA) {
                    han++;
                } else {
                    spaced++;
                }
            }
            i += Character.charCount(cp);
        }
        return spaced > 2 * han;
    }

    /** Spaced-script text (English, Russian …): the case's address and community removed (any case), then numbers; the words stay. */
    private static String cleanSpaced(String text, String address, String community) {
        String s = text;
        if (address != null && address.strip().length() >= 2) {
            s = Pattern.compile(Pattern.quote(address.strip()), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(s).replaceAll(" ");
        }
        if (community != null && community.strip().length() >= 2) {
            s = Pattern.compile(Pattern.quote(community.strip()), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(s).replaceAll(" ");
        }
        s = LATIN_NUMBERS.matcher(s).replaceAll(" ");
        return s.replaceAll("\\s+", " ").trim();
    }

    /**
     * The residential estate named by an address, without administrative prefix and building/unit/room parts:
     * {@code 大通街道瀚城社区瀚城国际小区5栋2单元} → {@code 瀚城国际小区}; {@code 居仁村二区12号楼} → {@code 居仁村二区}.
     * Null when the address is blank or names no estate.
     */
    public static String place(String address) {
        if (address == null) {
            return null;
        }
        String a = SPACES.matcher(address.strip()).replaceAll("");
        if (a.isEmpty()) {
            return null;
        }
        Matcher admin = ADMIN_PREFIX.matcher(a);
        if (admin.find() && admin.end() < a.length() - 1) {
            a = a.substring(admin.end());
        }
        Matcher b = BUILDING.matcher(a);
        if (b.find()) {
            a = a.substring(0, b.start());
        }
        Matcher p = PLACE_END.matcher(a);
        if (p.find()) {
            a = p.group(1);
        }
        a = TRAILING_PUNCT.matcher(a).replaceAll("");
        return a.length() >= 2 ? a.toLowerCase(Locale.ROOT) : null;
    }
}
