package io.minqing.transform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.minqing.contract.ExitCode;
import io.minqing.contract.MinqingException;
import io.minqing.contract.Settings;
import io.minqing.contract.testing.RepoPaths;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsConfigTest {

    @Test
    void theShippedConfigFileSaysTheDefaults() {
        Settings s = Settings.resolve(RepoPaths.root().resolve("config/minqing.yaml"), Map.of(), Map.of());
        assertEquals(MetricsConfig.defaults(), MetricsConfig.from(s));
        MetricsConfig d = MetricsConfig.defaults();
        assertEquals(24, d.dispatchHours());
        assertEquals(2, d.limitHours("urgent"));
        assertEquals(168, d.limitHours("normal"));
        assertEquals(360, d.limitHours("complex"));
        assertEquals(0.9, d.basicWeight());
        assertEquals(15, d.minVolume());
        assertEquals(1, d.cutDay());
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFile() {
        Settings s = Settings.resolve(RepoPaths.root().resolve("config/minqing.yaml"),
                Map.of("MINQING_SLA_DISPATCH_HOURS", "12", "MINQING_RANKING_MIN_VOLUME", "20"), Map.of("ranking.min-volume", "30"));
        MetricsConfig c = MetricsConfig.from(s);
        assertEquals(12, c.dispatchHours());
        assertEquals(30, c.minVolume());
    }

    private static MinqingException bad(Map<String, String> m) {
        return assertThrows(MinqingException.class, () -> MetricsConfig.from(Settings.ofMap(m)));
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhatIsAllowed() {
        MinqingException e = bad(Map.of("sla.dispatch-hours", "-3"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("Invalid value for 'sla.dispatch-hours': '-3'. It must be a positive number of hours.", e.getMessage());
        assertEquals("Invalid value for 'weights': 'response=0.2, resolution=0.5, satisfaction=0.4'. The three composite weights "
                + "(weights.response, weights.resolution, weights.satisfaction) must sum to 1.", bad(Map.of("weights.response", "0.2")).getMessage());
        assertEquals("Invalid value for 'assessment.cut-day': '31'. It must be a whole number from 1 to 28 (1 = calendar month; "
                + "19 = windows from the 19th to the 18th).", bad(Map.of("assessment.cut-day", "31")).getMessage());
        assertEquals("Invalid value for 'ranking.metric': 'speed'. It must be one of composite_score, response_rate, on_time_rate, "
                + "resolution_rate, satisfaction_rate.", bad(Map.of("ranking.metric", "speed")).getMessage());
        assertEquals("Invalid value for 'sla.use-due-at': 'maybe'. It must be true or false.", bad(Map.of("sla.use-due-at", "maybe")).getMessage());
        assertEquals("Invalid value for 'satisfaction.basic-weight': '1.5'. It must be a number from 0 to 1.",
                bad(Map.of("satisfaction.basic-weight", "1.5")).getMessage());
    }

    @Test
    void aTypoInAMetricsSectionIsNotIgnored() {
        assertEquals("Unknown configuration key 'sla.dispatch-hour' in config file given map. Known keys: sla.complex-hours, "
                + "sla.dispatch-hours, sla.normal-hours, sla.urgent-hours, sla.use-due-at.", bad(Map.of("sla.dispatch-hour", "12")).getMessage());
    }
}
