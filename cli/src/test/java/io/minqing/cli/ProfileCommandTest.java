package io.minqing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.ingest.Profile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minqing profile draft}: writes a profile that loads, and never overwrites one. */
class ProfileCommandTest {

    @TempDir
    Path tmp;

    @Test
    void draftWritesALoadableProfileAndRefusesToOverwrite() throws Exception {
        Path in = tmp.resolve("export.csv");
        Files.writeString(in, "Unique Key,Created Date,Closed Date,Complaint Type,Descriptor,Foo\n"
                + "1,01/02/2021 10:00:00 AM,,Noise,Loud Music,x\n", StandardCharsets.UTF_8);
        Path out = tmp.resolve("export.yaml");
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        int code = Minqing.execute(new String[] {"profile", "draft", "--input", in.toString(), "--out", out.toString()},
                new PrintWriter(so), new PrintWriter(se));
        assertEquals(0, code, so + "" + se);
        assertTrue(so.toString().contains("1 header(s) left as TODO [Foo]"), so.toString());
        Profile p = Profile.load(out.toString());
        assertEquals("export", p.name());
        assertEquals(List.of("Created Date"), p.cases().headersFor("received_at"));
        assertEquals(List.of("MM/dd/yyyy hh:mm:ss a"), p.timeFormats());

        StringWriter se2 = new StringWriter();
        int again = Minqing.execute(new String[] {"profile", "draft", "--input", in.toString(), "--out", out.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(se2));
        assertEquals(2, again);
        assertTrue(se2.toString().contains("exists already"), se2.toString());
    }
}
