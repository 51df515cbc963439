package io.minqing.reports;

import io.minqing.contract.privacy.PiiMasker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTML escaping, masking of free text, and safe file names. Every text that reaches a page goes through here. */
public final class Html {

    private static final Set<String> WINDOWS_RESERVED = Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3",
            "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7",
            "LPT8", "LPT9");

    private Html() {
    }

    private static final Pattern HEAD_CELL = Pattern.compile("<th[^>]*>(.*?)</th>", Pattern.DOTALL);
    private static final Pattern ROW_OR_CELL = Pattern.compile("<(tr|td|th)(?=[\\s>])");

    /**
     * For the phone layout of {@code table.stack} (report.css), which hides the header row: names every body cell but
     * each row's first by its column's header, as {@code data-h}, in the first table at or after {@code from} in
     * {@code b}. The header's text is already escaped, so it is safe in the attribute. For this package's own tables:
     * one header row, no colspan, no nested table.
     */
    static void labelCells(StringBuilder b, int from) {
        int start = b.indexOf("<table", from);
        int end = b.indexOf("</table>", start);
        String table = b.substring(start, end);
        int headEnd = table.indexOf("</thead>");
        List<String> heads = new ArrayList<>();
        Matcher th = HEAD_CELL.matcher(table.substring(0, headEnd));
        while (th.find()) {
            heads.add(th.group(1).replaceAll("<[^>]+>", "").strip());
        }
        StringBuilder out = new StringBuilder(table.length() + 64 * heads.size()).append(table, 0, headEnd);
        Matcher m = ROW_OR_CELL.matcher(table).region(headEnd, table.length());
        int pos = headEnd;
        int col = -1;
        while (m.find()) {
            out.append(table, pos, m.end());
            pos = m.end();
            col = m.group(1).equals("tr") ? -1 : col + 1;
            if (col >= 1 && col < heads.size()) {
                out.append(" data-h=\"").append(heads.get(col)).append('"');
            }
        }
        b.replace(start, end, out.append(table, pos, table.length()).toString());
    }

    /** Escapes &amp; &lt; &gt; &quot; &#39; — safe in element text and in quoted attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Free text from the data (titles, descriptions): masked of phone/ID numbers a second time, then escaped. */
    public static String text(String s) {
        return esc(PiiMasker.mask(s));
    }

    /** Masks and shortens free text to {@code max} characters (for tables). Not escaped. */
    public static String shorten(String s, int max) {
        if (s == null) {
            return "";
        }
        String m = PiiMasker.mask(s.strip().replaceAll("\\s+", " "));
        return m.codePointCount(0, m.length()) <= max ? m : m.substring(0, m.offsetByCodePoints(0, max)) + "…";
    }

    /**
     * A file name (without extension) for a community page: keeps letters and digits of any script (居南社区 stays
     * 居南社区), replaces everything else — slashes, dots, quotes, spaces, control characters — with '_', caps the
     * length and avoids Windows device names. Never empty, never a path.
     */
    public static String safeFileName(String name) {
        String n = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFC);
        StringBuilder b = new StringBuilder();
        n.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_') {
                b.appendCodePoint(cp);
            } else {
                b.append('_');
            }
        });
        String s = b.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
        if (s.codePointCount(0, s.length()) > 60) {
            s = s.substring(0, s.offsetByCodePoints(0, 60));
        }
        if (s.isEmpty()) {
            s = "community";
        }
        if (WINDOWS_RESERVED.contains(s.toUpperCase(Locale.ROOT))) {
            s = "_" + s;
        }
        return s;
    }

    /** A relative URL path segment for a file name: percent-encoded UTF-8, spaces as %20. */
    public static String href(String fileName) {
        return URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
