package io.minqing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Minqing.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void generatesAMonthAndSaysWhereItWrote() throws Exception {
        Path out = tmp.resolve("sd");
        String[] r = run("generate", "--out", out.toString(), "--from", "2021-02", "--to", "2021-02", "--seed", "3");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("[1/2] generate 2021-02 … "), r[1]);
        assertTrue(r[1].contains("Wrote the sample district to " + out.toAbsolutePath()), r[1]);
        assertTrue(r[1].contains("exports/cases.csv"), r[1]);
        assertTrue(Files.exists(out.resolve("manifest.json")));
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"seed\": 3,"));
    }

    @Test
    void messyAloneMeansTheDefaultRate() throws Exception {
        Path out = tmp.resolve("messy");
        String[] r = run("generate", "--messy", "--out", out.toString(), "--from", "2021-02", "--to", "2021-02");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("planted defects"), r[1]);
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"messy\": 0.02,"));
        assertTrue(Files.exists(out.resolve("exports/九龙岗镇_民情件.csv")));
    }

    @Test
    void badMonthIsAUsageError() {
        String[] r = run("generate", "--out", tmp.toString(), "--from", "2021-05", "--to", "2021-01");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("Invalid value for option '--to': '2021-01'. It must not be before --from (2021-05)."), r[2]);
    }

    @Test
    void outIsRequired() {
        String[] r = run("generate");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("Missing required option: '--out=DIR'"), r[2]);
    }
}
