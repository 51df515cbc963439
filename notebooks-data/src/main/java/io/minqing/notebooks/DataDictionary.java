package io.minqing.notebooks;

import io.minqing.contract.Column;
import io.minqing.contract.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The generated {@code notebooks-data/README.md}: how to open the data, then every table (grain, every column with
 * type and meaning), then example queries. Built from the table schemas only, so it is the same on every run and can
 * be kept in git while the data files are not.
 */
public final class DataDictionary {

    private DataDictionary() {
    }

    public static String render(List<TableSchema> tables) {
        StringBuilder sb = new StringBuilder(resource("readme-head.md"));
        sb.append("\n## Tables\n\n| table | grain |\n|---|---|\n");
        for (TableSchema t : tables) {
            sb.append("| [`").append(t.name()).append("`](#").append(t.name()).append(") | ")
                    .append(t.grain()).append(" |\n");
        }
        for (TableSchema t : tables) {
            sb.append("\n### ").append(t.name()).append("\n\n").append(t.grain()).append(".\n\n");
            sb.append("| column | 中文 | type | meaning |\n|---|---|---|---|\n");
            for (Column c : t.columns()) {
                sb.append("| `").append(c.name()).append("` | ").append(c.label()).append(" | ")
                        .append(c.type().docName()).append(" | ").append(c.meaning().replace("|", "\\|"));
                if (!c.allowedValues().isEmpty()) {
                    sb.append(" Values: ").append(String.join(", ", c.allowedValues())).append('.');
                }
                sb.append(" |\n");
            }
            String month = ExportJob.monthColumn(t);
            if (month != null) {
                sb.append("| `").append(ExportJob.PARTIAL_MONTH).append("` | 进行中月份 | BOOLEAN | ").append(partialMeaning(month))
                        .append(" Added by the export. |\n");
            }
        }
        sb.append('\n').append(resource("example-queries.md"));
        return sb.toString();
    }

    /** What {@link ExportJob#PARTIAL_MONTH} means for a table whose month column is {@code month}. */
    static String partialMeaning(String month) {
        return "True when `" + month + "` is the running month, not over at the cut-off (as_of_at): its figures are provisional"
                + " and will change, so leave it out of \"latest month\" comparisons ("
                + (month.equals("assessment_month") ? "district_month.is_month_complete = false" : "the calendar month ends after the cut-off")
                + ").";
    }

    /** The example queries section (also run by the tests against a fixture export). */
    public static String exampleQueries() {
        return resource("example-queries.md");
    }

    private static String resource(String name) {
        try (InputStream in = DataDictionary.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the notebooks-data jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
