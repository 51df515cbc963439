package io.minqing.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineBenchTest {

    @Test
    void sizesAcceptPlainCountsAndSuffixes() {
        assertEquals(List.of(100_000L, 1_000_000L, 2_500L, 10_000_000L), PipelineBench.parseSizes(" 100k 1M,2500  10000000 "));
        assertEquals(List.of(20_000L), PipelineBench.parseSizes("20000"));
        assertEquals(List.of(1_500_000L), PipelineBench.parseSizes("1.5m"));
    }

    @Test
    void badSizesSayWhatToWrite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PipelineBench.parseSizes("100000 lots"));
        assertEquals("Invalid size 'lots' in BENCH_SIZES/--sizes '100000 lots'. Give case counts separated by spaces, "
                + "e.g. \"100000 1000000\" or \"100k 1M\".", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PipelineBench.parseSizes("0.5"));
        assertEquals("Invalid size '0.5' in BENCH_SIZES/--sizes '0.5'. A size is a whole number of cases ≥ 1.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PipelineBench.parseSizes("  "));
        assertEquals("No sizes in BENCH_SIZES/--sizes '  '.", e.getMessage());
    }

    @Test
    void optionsDefaultToTheThreeSizes() {
        PipelineBench.Options o = PipelineBench.parse(new String[] {"--out", "/tmp/b"});
        assertEquals(List.of(100_000L, 1_000_000L, 10_000_000L), o.sizes());
        assertEquals("/tmp/b/work", o.work().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PipelineBench.parse(new String[] {"--size", "1"}));
        assertEquals("unknown option --size (known: --sizes, --minqing, --out, --work, --month, --keep, --time, --engines)", e.getMessage());
        assertTrue(o.spark(), "both engines are timed by default");
    }

    @Test
    void enginesAreTheDefaultAloneOrBoth() {
        assertTrue(PipelineBench.parseEngines("duckdb spark"));
        assertTrue(PipelineBench.parseEngines(" Spark,duckdb "));
        assertFalse(PipelineBench.parseEngines("duckdb"));
        assertFalse(PipelineBench.parse(new String[] {"--engines", "duckdb"}).spark());
        for (String bad : List.of("spark", "duckdb flink", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PipelineBench.parseEngines(bad));
            assertEquals("Invalid engines '" + bad + "' in BENCH_ENGINES/--engines. Give \"duckdb spark\" (both, the default) "
                    + "or \"duckdb\" (the default engine only).", e.getMessage());
        }
    }

    /** picocli's usage text: a command is listed at the start of a line; a word inside a description does not count. */
    @Test
    void findsSubcommandsInTheUsageText() {
        String usage = """
                Usage: minqing [-hV] [COMMAND]
                Commands:
                  generate   Write a deterministic sample district.
                  transform  Compute the metric marts (topics are a later
                               stage: see topics.md).
                  help       Display help information about the specified command.
                """;
        assertTrue(PipelineBench.listsCommand(usage, "transform"));
        assertTrue(PipelineBench.listsCommand(usage, "help"));
        assertFalse(PipelineBench.listsCommand(usage, "topics"));
        assertFalse(PipelineBench.listsCommand(usage, "gen"));
        assertTrue(PipelineBench.listsCommand(usage + "  topics     Topic marts.\n", "topics"));
    }
}
