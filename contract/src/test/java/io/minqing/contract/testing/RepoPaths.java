package io.minqing.contract.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locating the repository root and the real-data folder from a test. */
public final class RepoPaths {

    private RepoPaths() {
    }

    /** The repository root: the nearest ancestor of the working directory that has docs/ and pom.xml. */
    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("docs")) && Files.isRegularFile(p.resolve("pom.xml"))
                    && Files.isDirectory(p.resolve("contract"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("Cannot find the repository root above " + Path.of("").toAbsolutePath());
    }

    /**
     * The real-data folder (../shared/data/real by default): system property {@code minqing.real.data}, else
     * environment {@code MINQING_REAL_DATA}, else {@code <repo>/../shared/data/real}. Empty when absent, and then
     * the calling test must skip with a message that says so.
     */
    public static Optional<Path> realData() {
        String prop = System.getProperty("minqing.real.data");
        if (prop == null || prop.isBlank() || prop.contains("${")) {
            prop = System.getenv("MINQING_REAL_DATA");
        }
        Path p = prop == null || prop.isBlank() ? root().resolve("../shared/data/real").normalize() : Path.of(prop);
        return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }

    /** A message for Assumptions.assumeTrue when the real data is absent. */
    public static String skipMessage(String what) {
        return "SKIPPED: real data for " + what + " not found. Set -Dminqing.real.data=DIR or MINQING_REAL_DATA "
                + "to the folder holding nyc311-samples/, sf311-open311/, teddycup2020c/.";
    }
}
