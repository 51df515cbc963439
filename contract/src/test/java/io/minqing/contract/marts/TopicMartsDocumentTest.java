package io.minqing.contract.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.minqing.contract.Column;
import io.minqing.contract.ContractDocs;
import io.minqing.contract.ContractDocs.DocColumn;
import io.minqing.contract.TableSchema;
import io.minqing.contract.testing.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/topics.md and {@link TopicMarts} must describe the same mart columns: name, label, type, nullability, codes. */
class TopicMartsDocumentTest {

    @Test
    void documentMatchesCode() throws Exception {
        String md = Files.readString(RepoPaths.root().resolve("docs/topics.md"), StandardCharsets.UTF_8);
        List<DocColumn> doc = ContractDocs.parse(md);
        for (TableSchema t : TopicMarts.ALL) {
            List<DocColumn> documented = doc.stream().filter(d -> d.table().equals(t.name())).toList();
            assertFalse(documented.isEmpty(), "docs/topics.md has no section ### `" + t.name() + "`");
            assertEquals(t.columnNames(), documented.stream().map(DocColumn::name).toList(),
                    "column order of " + t.name() + " differs between TopicMarts and docs/topics.md");
            for (int i = 0; i < t.columns().size(); i++) {
                Column c = t.columns().get(i);
                DocColumn d = documented.get(i);
                String where = t.name() + "." + c.name() + " in docs/topics.md";
                assertEquals(c.label(), d.label(), "Chinese label of " + where);
                assertEquals(c.type().docName(), d.type(), "type of " + where);
                assertEquals(c.nullable(), d.nullable(), "nullability of " + where);
                assertEquals(c.allowedValues(), d.allowedValues(), "allowed values of " + where);
            }
        }
    }

    @Test
    void caseTopicsIsPartitionedByMonthLikeStagedCases() {
        assertEquals("received_month", TopicMarts.CASE_TOPICS.partitionColumn());
        assertEquals(List.of("recurring", "rising", "both", "cluster"), TopicMarts.RECURRING_ISSUES.column("rule").allowedValues());
    }
}
