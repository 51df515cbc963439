package io.minqing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.minqing.contract.privacy.Pseudonymizer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The ingest command's usage errors, which are decided before any Spark work starts. */
class IngestCommandTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Minqing.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void realDataProfilesNeedAPseudonymisationKey() {
        assumeTrue(System.getenv(Pseudonymizer.KEY_ENV) == null && System.getenv("MINQING_PRIVACY_PSEUDONYM_KEY") == null,
                "SKIPPED: a pseudonymisation key is set in this environment");
        String[] r = run("ingest", "--input", "附件4.xlsx", "--profile", "teddycup2020c", "--lake", "lake");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("minqing ingest: No pseudonymisation key: set the environment variable MINQING_PSEUDONYM_KEY"), r[2]);
    }

    @Test
    void unknownProfileAndBadThresholdAreUsageErrors() {
        String[] r = run("ingest", "--input", "x.csv", "--profile", "no-such-profile", "--lake", "lake");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("Unknown profile 'no-such-profile'. Built-in profiles: sample-district, teddycup2020c, nyc311, open311"), r[2]);
        r = run("ingest", "--input", "x.csv", "--lake", "lake", "--reject-threshold", "1.5");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("Invalid value for 'ingest.reject-threshold': '1.5'. It must be a number from 0 to 1."), r[2]);
    }
}
