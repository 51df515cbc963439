package io.minqing.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the column tables of {@code docs/data-contract.md} (and of the mart documents), so a test can
 * hold code and documentation together. A table in the document is introduced by a heading
 * {@code ### `name`} and has the columns: 中文 | column | type | null | allowed values | meaning.
 */
public final class ContractDocs {

    /** A column as written in the document. */
    public record DocColumn(String table, String name, String label, String type, boolean nullable, List<String> allowedValues) {
    }

    private static final Pattern HEADING = Pattern.compile("^#{2,4}\\s+`([a-z_]+)`.*$");
    private static final Pattern CODE = Pattern.compile("`([A-Za-z0-9_]+)`");

    private ContractDocs() {
    }

    /** The markdown table for {@code table}, as it should appear in the document. */
    public static String render(TableSchema table) {
        StringBuilder sb = new StringBuilder();
        sb.append("| 中文 | column | type | null | allowed values | meaning |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Column c : table.columns()) {
            sb.append("| ").append(c.label())
                    .append(" | `").append(c.name()).append('`')
                    .append(" | ").append(c.type().docName())
                    .append(" | ").append(c.nullable() ? "yes" : "no")
                    .append(" | ").append(allowed(c))
                    .append(" | ").append(c.meaning().replace("|", "\\|"))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String allowed(Column c) {
        if (c.allowedValues().isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String v : c.allowedValues()) {
            parts.add("`" + v + "`" + labelOf(c, v));
        }
        return String.join(", ", parts);
    }

    private static String labelOf(Column c, String code) {
        for (Class<?> k : Codes.class.getDeclaredClasses()) {
            if (k.isEnum() && Coded.class.isAssignableFrom(k)) {
                for (Object o : k.getEnumConstants()) {
                    Coded cd = (Coded) o;
                    if (cd.code().equals(code) && Coded.codesOf(k.asSubclass(Coded.class)).equals(c.allowedValues())) {
                        return " " + cd.zh();
                    }
                }
            }
        }
        return "";
    }

    /** Every column row of every {@code ### `table`} section in {@code markdown}. */
    public static List<DocColumn> parse(String markdown) {
        List<DocColumn> out = new ArrayList<>();
        String table = null;
        for (String line : markdown.split("\n")) {
            Matcher h = HEADING.matcher(line.trim());
            if (h.matches()) {
                table = h.group(1);
                continue;
            }
            if (line.startsWith("#")) {
                table = null;
                continue;
            }
            if (table == null || !line.startsWith("|") || line.startsWith("|---") || line.contains("| column |")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|", -1);
            if (cells.length < 7) {
                continue;
            }
            String name = cells[2].trim().replace("`", "");
            List<String> codes = new ArrayList<>();
            Matcher m = CODE.matcher(cells[5]);
            while (m.find()) {
                codes.add(m.group(1));
            }
            out.add(new DocColumn(table, name, cells[1].trim(), cells[3].trim(), cells[4].trim().equals("yes"), codes));
        }
        return out;
    }
}
