package io.minqing.contract.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import io.minqing.contract.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineTest {

    @Test
    void duckdbUnlessSparkIsAskedForOrImplied() {
        assertEquals(Engine.DUCKDB, Engine.resolve(Settings.empty(), null));
        assertEquals(Engine.SPARK, Engine.resolve(Settings.empty(), "local[2]"));
        assertEquals(Engine.SPARK, Engine.resolve(Settings.resolve(null, Map.of("MINQING_ENGINE", "Spark"), Map.of()), null));
        // the command line beats the environment, and an explicit engine beats what --master implies
        assertEquals(Engine.DUCKDB, Engine.resolve(
                Settings.resolve(null, Map.of("MINQING_ENGINE", "spark"), Map.of("engine", "duckdb")), "local[2]"));
    }

    @Test
    void anUnknownEngineNamesTheKeyAndTheValue() {
        MinqingException e = assertThrows(MinqingException.class,
                () -> Engine.resolve(Settings.resolve(null, Map.of(), Map.of("engine", "flink")), null));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("Invalid value for '--engine': 'flink'. It must be duckdb (embedded, the default) or spark.", e.getMessage());
        MinqingException env = assertThrows(MinqingException.class,
                () -> Engine.resolve(Settings.resolve(null, Map.of("MINQING_ENGINE", "pandas"), Map.of()), null));
        assertEquals("Invalid value for 'engine': 'pandas'. It must be duckdb (embedded, the default) or spark.", env.getMessage());
    }
}
