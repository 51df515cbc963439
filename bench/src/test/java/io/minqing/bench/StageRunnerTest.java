package io.minqing.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageRunnerTest {

    @Test
    void failureNoteIsTheErrorLineNotTheUsageTail(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("x.log");
        Files.writeString(log, "Unmatched arguments from index 0: 'topics', '--lake', 'l'\nUsage: minqing [-hV] [COMMAND]\n"
                + "Exit codes:\n  4   data-quality threshold crossed (too many rejected rows)\n\n", StandardCharsets.UTF_8);
        assertEquals("Unmatched arguments from index 0: 'topics', '--lake', 'l'", StageRunner.lastLine(log));
        Files.writeString(log, "[1/2] reading\nstopped: disk full\n\n", StandardCharsets.UTF_8);
        assertEquals("stopped: disk full", StageRunner.lastLine(log));
        assertEquals("", StageRunner.lastLine(dir.resolve("missing.log")));
    }

    @Test
    void runsAProcessAndKeepsItsPeakMemory(@TempDir Path dir) throws Exception {
        Path fakeTime = dir.resolve("time");
        // A stand-in for GNU time: writes a report to the -o file, then runs the command.
        Files.writeString(fakeTime, "#!/bin/sh\nshift; out=\"$2\"; shift 2\n"
                + "printf '\\tUser time (seconds): 1.50\\n\\tSystem time (seconds): 0.25\\n\\tMaximum resident set size (kbytes): 2048\\n' > \"$out\"\n"
                + "exec \"$@\"\n", StandardCharsets.UTF_8);
        fakeTime.toFile().setExecutable(true);
        StageRunner r = new StageRunner(fakeTime, dir.resolve("logs"), s -> { });
        Measurement ok = r.run(10, "generate", Measurement.MINQING, List.of("sh", "-c", "echo hello"));
        assertEquals(0, ok.exitCode());
        assertEquals(2.0, ok.maxRssMb(), 1e-12);   // 2048 KiB
        assertEquals(1.75, ok.cpuSeconds(), 1e-12); // 1.50 + 0.25
        assertEquals("hello\n", Files.readString(dir.resolve("logs/10-generate-minqing.log")));
        Measurement bad = r.run(10, "ingest", Measurement.MINQING, List.of("sh", "-c", "echo 'Error: no input' >&2; exit 3"));
        assertEquals(3, bad.exitCode());
        assertEquals("Error: no input (log: " + dir.resolve("logs/10-ingest-minqing.log") + ")", bad.note());
    }

    @Test
    void classpathIsShortenedInTheProgressLine() {
        assertEquals("java -cp … a.B ingest x", StageRunner.display(List.of("java", "-cp", "/very/long:/class/path", "a.B", "ingest", "x")));
    }
}
