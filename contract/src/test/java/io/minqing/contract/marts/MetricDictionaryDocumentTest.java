package io.minqing.contract.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.testing.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/metrics.md carries {@link MetricDictionary} verbatim, and every column the dictionary names is a mart column. */
class MetricDictionaryDocumentTest {

    static final String BEGIN = "<!-- metric-dictionary:begin (generated from MetricDictionary.java; edit there) -->\n";
    static final String END = "<!-- metric-dictionary:end -->";

    @Test
    void docsCarryTheDictionaryVerbatim() throws Exception {
        String md = Files.readString(RepoPaths.root().resolve("docs/metrics.md"), StandardCharsets.UTF_8);
        int b = md.indexOf(BEGIN);
        int e = md.indexOf(END);
        assertTrue(b >= 0 && e > b, "docs/metrics.md lacks the markers " + BEGIN.strip() + " … " + END);
        assertEquals(MetricDictionary.markdown(), md.substring(b + BEGIN.length(), e),
                "docs/metrics.md's 指标说明 differs from MetricDictionary; paste between the markers:\n" + MetricDictionary.markdown());
    }

    @Test
    void everyNamedColumnIsAMartColumn() {
        Set<String> known = new HashSet<>(MetricMarts.COMMUNITY_MONTH.columnNames());
        known.addAll(MetricMarts.DISTRICT_MONTH.columnNames());
        for (MetricDictionary.Metric m : MetricDictionary.METRICS) {
            assertFalse(m.columns().isEmpty(), m.name() + " names no mart column");
            for (String c : m.columns()) {
                assertTrue(known.contains(c), m.name() + " names " + c + ", which is not a column of community_month or district_month");
            }
        }
    }

    @Test
    void theSheetIsForTheMeetingNotTheDevelopers() {
        // plain Chinese: no column names, commands or engine words in what the meeting reads
        String sheet = MetricDictionary.markdown();
        for (String word : new String[] {"_", "`", "Spark", "DuckDB", "mvn", "SELECT"}) {
            assertFalse(sheet.contains(word), "the definition sheet contains '" + word + "'");
        }
    }
}
