package io.minqing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.ContractDocs.DocColumn;
import io.minqing.contract.testing.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/data-contract.md and {@link Contract} must describe the same columns: name, label, type, nullability, codes. */
class ContractDocumentTest {

    @Test
    void documentMatchesCode() throws Exception {
        String md = Files.readString(RepoPaths.root().resolve("docs/data-contract.md"), StandardCharsets.UTF_8);
        List<DocColumn> doc = ContractDocs.parse(md);
        for (TableSchema t : Contract.STAGED_LAYER) {
            List<DocColumn> documented = doc.stream().filter(d -> d.table().equals(t.name())).toList();
            assertFalse(documented.isEmpty(), "docs/data-contract.md has no section ### `" + t.name() + "`");
            assertEquals(t.columnNames(), documented.stream().map(DocColumn::name).toList(),
                    "column order of " + t.name() + " differs between code and docs/data-contract.md");
            for (int i = 0; i < t.columns().size(); i++) {
                Column c = t.columns().get(i);
                DocColumn d = documented.get(i);
                String where = t.name() + "." + c.name() + " in docs/data-contract.md";
                assertEquals(c.label(), d.label(), "Chinese label of " + where);
                assertEquals(c.type().docName(), d.type(), "type of " + where);
                assertEquals(c.nullable(), d.nullable(), "nullability of " + where);
                assertEquals(c.allowedValues(), d.allowedValues(), "allowed values of " + where);
            }
        }
    }

    @Test
    void parserSeesADriftedType() {
        String md = "### `cases`\n\n" + ContractDocs.render(Contract.CASES).replace("| `received_at` | TIMESTAMP |", "| `received_at` | STRING |");
        DocColumn receivedAt = ContractDocs.parse(md).stream().filter(d -> d.name().equals("received_at")).findFirst().orElseThrow();
        assertEquals("STRING", receivedAt.type());
    }

    @Test
    void rejectsTableIsCoveredAndKnowsTheIssuesReasonCodes() {
        assertEquals(List.of(Contract.CASES, Contract.SURVEYS, Contract.REJECTS), Contract.STAGED_LAYER);
        List<String> reasons = Contract.REJECTS.column("reason").allowedValues();
        for (String r : List.of("MISSING_REQUIRED", "UNPARSEABLE_TIME", "TIME_ORDER", "UNKNOWN_COMMUNITY",
                "UNKNOWN_CHANNEL", "DUPLICATE_KEY", "BAD_ENCODING", "TOO_MANY_COLUMNS")) {
            assertTrue(reasons.contains(r), "reason code " + r + " of issue 3 is missing: " + reasons);
        }
        assertEquals("source", Contract.REJECTS.partitionColumn());
    }

    @Test
    void channelCodesAreTheTenOfTheIssue() {
        assertEquals(List.of("hotline", "email", "qq_group", "wechat_group", "diary", "contact_card", "mailbox",
                "meeting", "web", "other"), Contract.CASES.column("channel").allowedValues());
    }
}
