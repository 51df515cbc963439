package io.minqing.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GnuTimeTest {

    /** The head of a real `/usr/bin/time -v` report (GNU time 1.9), values changed to round numbers. */
    static final String REPORT = """
            \tCommand being timed: "cli/target/minqing transform --lake lake"
            \tUser time (seconds): 61.25
            \tSystem time (seconds): 3.50
            \tPercent of CPU this job got: 151%
            \tElapsed (wall clock) time (h:mm:ss or m:ss): 0:42.70
            \tAverage shared text size (kbytes): 0
            \tMaximum resident set size (kbytes): 1572864
            \tAverage resident set size (kbytes): 0
            \tMajor (requiring I/O) page faults: 12
            \tExit status: 0
            """;

    @Test
    void readsPeakMemoryAndCpu() {
        GnuTime.Usage u = GnuTime.parse(REPORT).orElseThrow();
        assertEquals(1_572_864L, u.maxRssKb());
        // 1,572,864 KiB / 1024 = 1536 MiB
        assertEquals(1536.0, u.maxRssMb(), 1e-9);
        // user 61.25 + system 3.50
        assertEquals(64.75, u.cpuSeconds(), 1e-9);
    }

    @Test
    void signalledProcessStillHasItsFigures() {
        String killed = "Command terminated by signal 9\n" + REPORT.replace("Exit status: 0", "Exit status: 0");
        assertEquals(1_572_864L, GnuTime.parse(killed).orElseThrow().maxRssKb());
    }

    @Test
    void noReportMeansUnknown() {
        assertTrue(GnuTime.parse("").isEmpty());
        assertTrue(GnuTime.parse("/usr/bin/time: cannot run foo: No such file or directory\n").isEmpty());
        // "Average resident set size" is not the peak
        assertTrue(GnuTime.parse("\tAverage resident set size (kbytes): 12\n").isEmpty());
    }
}
