package io.minqing.contract.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.Column;
import io.minqing.contract.ContractDocs;
import io.minqing.contract.ContractDocs.DocColumn;
import io.minqing.contract.TableSchema;
import io.minqing.contract.testing.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/metrics.md and {@link MetricMarts} must describe the same mart columns, down to the meaning text. */
class MetricsDocumentTest {

    private static String doc() throws Exception {
        return Files.readString(RepoPaths.root().resolve("docs/metrics.md"), StandardCharsets.UTF_8);
    }

    @Test
    void documentMatchesCode() throws Exception {
        String md = doc();
        List<DocColumn> doc = ContractDocs.parse(md);
        for (TableSchema t : MetricMarts.ALL) {
            List<DocColumn> documented = doc.stream().filter(d -> d.table().equals(t.name())).toList();
            assertFalse(documented.isEmpty(), "docs/metrics.md has no section ### `" + t.name() + "`");
            assertEquals(t.columnNames(), documented.stream().map(DocColumn::name).toList(),
                    "column order of " + t.name() + " differs between MetricMarts and docs/metrics.md");
            for (int i = 0; i < t.columns().size(); i++) {
                Column c = t.columns().get(i);
                DocColumn d = documented.get(i);
                String where = t.name() + "." + c.name() + " in docs/metrics.md";
                assertEquals(c.label(), d.label(), "Chinese label of " + where);
                assertEquals(c.type().docName(), d.type(), "type of " + where);
                assertEquals(c.nullable(), d.nullable(), "nullability of " + where);
                assertEquals(c.allowedValues(), d.allowedValues(), "allowed values of " + where);
            }
            // The meanings (formulas) must match too: the rendered table appears verbatim in the document.
            assertTrue(md.contains(ContractDocs.render(t)),
                    "the column table of " + t.name() + " in docs/metrics.md differs from MetricMarts (meaning text?); "
                            + "paste ContractDocs.render(MetricMarts." + t.name().toUpperCase() + ")");
        }
    }

    @Test
    void documentHasNoTableTheCodeDoesNotKnow() throws Exception {
        Set<String> known = new HashSet<>();
        MetricMarts.ALL.forEach(t -> known.add(t.name()));
        for (DocColumn d : ContractDocs.parse(doc())) {
            assertTrue(known.contains(d.table()), "docs/metrics.md documents a table MetricMarts lacks: " + d.table());
        }
    }

    @Test
    void everyRateSitsNextToItsNumeratorDenominatorAndInterval() {
        for (TableSchema t : List.of(MetricMarts.COMMUNITY_MONTH, MetricMarts.DISTRICT_MONTH)) {
            for (String stem : List.of("response", "on_time", "closure", "resolution", "satisfaction")) {
                List<String> names = t.columnNames();
                int i = names.indexOf(stem + "_rate");
                assertTrue(i >= 2, stem + "_rate missing in " + t.name());
                assertEquals(stem + "_den", names.get(i - 1), t.name());
                assertEquals(stem + "_num", names.get(i - 2), t.name());
                assertEquals(stem + "_rate_lo", names.get(i + 1), t.name());
                assertEquals(stem + "_rate_hi", names.get(i + 2), t.name());
            }
        }
    }

    @Test
    void namingConventions() {
        for (TableSchema t : MetricMarts.ALL) {
            for (Column c : t.columns()) {
                switch (c.type()) {
                    case BOOLEAN -> assertTrue(c.name().startsWith("is_") || c.name().startsWith("has_"), t.name() + "." + c.name());
                    case TIMESTAMP -> assertTrue(c.name().endsWith("_at"), t.name() + "." + c.name());
                    default -> assertFalse(c.name().endsWith("_at"), t.name() + "." + c.name());
                }
            }
        }
    }
}
