package io.minqing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path tmp;

    @Test
    void precedenceIsCommandLineThenEnvironmentThenFileThenDefault() throws Exception {
        Path f = tmp.resolve("minqing.yaml");
        Files.writeString(f, "sla:\n  dispatch-hours: 12\n  urgent-hours: 3\n  normal-hours: 100\n");
        Settings s = Settings.resolve(f,
                Map.of("MINQING_SLA_URGENT_HOURS", "4", "MINQING_SLA_NORMAL_HOURS", "120", "PATH", "/bin"),
                Map.of("sla.normal-hours", "150"));
        assertEquals(12.0, s.positiveDouble("sla.dispatch-hours", 24, "hours"));
        assertEquals(4.0, s.positiveDouble("sla.urgent-hours", 2, "hours"));
        assertEquals(150.0, s.positiveDouble("sla.normal-hours", 168, "hours"));
        assertEquals(360.0, s.positiveDouble("sla.complex-hours", 360, "hours"));
        assertEquals("command line", s.origin("sla.normal-hours"));
        assertEquals("environment MINQING_SLA_URGENT_HOURS", s.origin("sla.urgent-hours"));
        assertEquals("config file " + f, s.origin("sla.dispatch-hours"));
        assertEquals("default", s.origin("sla.complex-hours"));
    }

    @Test
    void badValueNamesKeyValueAndWhatIsAllowed() {
        Settings s = Settings.ofMap(Map.of("sla.dispatch-hours", "-3"));
        MinqingException e = assertThrows(MinqingException.class, () -> s.positiveDouble("sla.dispatch-hours", 24, "hours"));
        assertEquals("Invalid value for 'sla.dispatch-hours': '-3'. It must be a positive number of hours.", e.getMessage());
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @Test
    void unknownKeyIsRejectedNotIgnored() {
        Settings s = Settings.ofMap(Map.of("sla.dispach-hours", "3"));
        MinqingException e = assertThrows(MinqingException.class,
                () -> s.requireKnownKeys("sla", java.util.Set.of("dispatch-hours", "urgent-hours")));
        assertEquals("Unknown configuration key 'sla.dispach-hours' in config file given map. "
                + "Known keys: sla.dispatch-hours, sla.urgent-hours.", e.getMessage());
        // Other sections belong to other stages and are not this check's business.
        Settings.ofMap(Map.of("ingest.reject-threshold", "0.1")).requireKnownKeys("sla", java.util.Set.of("dispatch-hours"));
    }

    @Test
    void brokenYamlNamesTheFile() throws Exception {
        Path f = tmp.resolve("bad.yaml");
        Files.writeString(f, "sla: [1, 2\n");
        MinqingException e = assertThrows(MinqingException.class, () -> Settings.resolve(f, Map.of(), Map.of()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(true, e.getMessage().startsWith("Cannot read configuration file " + f + ": "), e.getMessage());
    }
}
