package io.minqing.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Markdown-to-HTML renderer for the metric dictionary (docs/metrics.md) shown in 指标说明: headings, pipe
 * tables, bullet and numbered lists, fenced code, paragraphs, and inline code / bold / links (links become their
 * text). Every piece of text is HTML-escaped first; no raw HTML from the document passes through.
 */
public final class Markdown {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");
    private static final Pattern ITALIC = Pattern.compile("(?<![*\\w])\\*([^*\\s][^*]*)\\*(?![*\\w])");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\(([^)]+)\\)");

    private Markdown() {
    }

    /** Renders {@code md}; headings are shifted down by {@code headingShift} levels (# → h(1+shift)). */
    public static String toHtml(String md, int headingShift) {
        StringBuilder out = new StringBuilder();
        List<String> para = new ArrayList<>();
        String[] lines = md.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String t = line.strip();
            if (t.startsWith("```")) {
                flush(out, para);
                StringBuilder code = new StringBuilder();
                while (++i < lines.length && !lines[i].strip().startsWith("```")) {
                    code.append(lines[i]).append('\n');
                }
                out.append("<pre><code>").append(Html.esc(code.toString())).append("</code></pre>\n");
            } else if (t.startsWith("#")) {
                flush(out, para);
                int level = 0;
                while (level < t.length() && t.charAt(level) == '#') {
                    level++;
                }
                int h = Math.min(6, level + headingShift);
                out.append("<h").append(h).append('>').append(inline(t.substring(level).strip()))
                        .append("</h").append(h).append(">\n");
            } else if (t.startsWith("|")) {
                flush(out, para);
                List<String> rows = new ArrayList<>();
                while (i < lines.length && lines[i].strip().startsWith("|")) {
                    rows.add(lines[i].strip());
                    i++;
                }
                i--;
                table(out, rows);
            } else if (t.matches("^([-*]|\\d+\\.)\\s+.*")) {
                flush(out, para);
                boolean ordered = Character.isDigit(t.charAt(0));
                out.append(ordered ? "<ol>\n" : "<ul>\n");
                while (i < lines.length && lines[i].strip().matches("^([-*]|\\d+\\.)\\s+.*")) {
                    StringBuilder item = new StringBuilder(lines[i].strip().replaceFirst("^([-*]|\\d+\\.)\\s+", ""));
                    // continuation lines (indented, not a new item)
                    while (i + 1 < lines.length && lines[i + 1].startsWith("  ") && !lines[i + 1].isBlank()
                            && !lines[i + 1].strip().matches("^([-*]|\\d+\\.)\\s+.*")) {
                        item.append(' ').append(lines[++i].strip());
                    }
                    out.append("<li>").append(inline(item.toString())).append("</li>\n");
                    i++;
                }
                i--;
                out.append(ordered ? "</ol>\n" : "</ul>\n");
            } else if (t.isEmpty()) {
                flush(out, para);
            } else {
                para.add(t);
            }
        }
        flush(out, para);
        return out.toString();
    }

    private static void flush(StringBuilder out, List<String> para) {
        if (!para.isEmpty()) {
            out.append("<p>").append(inline(String.join(" ", para))).append("</p>\n");
            para.clear();
        }
    }

    private static void table(StringBuilder out, List<String> rows) {
        out.append("<table class=\"md\">\n");
        boolean header = rows.size() > 1 && rows.get(1).matches("^\\|?\\s*:?-{2,}.*");
        for (int r = 0; r < rows.size(); r++) {
            if (header && r == 1) {
                continue;
            }
            String tag = header && r == 0 ? "th" : "td";
            out.append("<tr>");
            for (String cell : cells(rows.get(r))) {
                out.append('<').append(tag).append('>').append(inline(cell)).append("</").append(tag).append('>');
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    static List<String> cells(String row) {
        String s = row.strip();
        if (s.startsWith("|")) {
            s = s.substring(1);
        }
        if (s.endsWith("|") && !s.endsWith("\\|")) {
            s = s.substring(0, s.length() - 1);
        }
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '|') {
                cur.append('|');
                i++;
            } else if (c == '|') {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().strip());
        return out;
    }

    /** Escapes, then applies `code`, **bold** and [text](url) → text. */
    static String inline(String text) {
        String s = Html.esc(text);
        s = replace(LINK, s, m -> m.group(1));
        s = replace(CODE, s, m -> "<code>" + m.group(1) + "</code>");
        s = replace(BOLD, s, m -> "<strong>" + m.group(1) + "</strong>");
        s = replace(ITALIC, s, m -> "<em>" + m.group(1) + "</em>");
        return s;
    }

    private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(f.apply(m)));
        }
        m.appendTail(b);
        return b.toString();
    }
}
