package io.minqing.ingest;

import io.minqing.contract.Lake;
import io.minqing.contract.Settings;
import io.minqing.contract.engine.Engine;
import io.minqing.contract.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Test helpers: run ingest on a lake (with either engine) and read what it wrote (with Spark). */
final class Runs {

    static final String TEST_KEY = "test-key-for-ingest-tests-0123456789";

    private Runs() {
    }

    /** The console output of the last run. */
    static String lastOutput = "";

    static IngestJob.Result ingest(Engine engine, Path lake, String profile, String asOf, Double threshold, List<Path> inputs) {
        return ingest(engine, lake, profile, asOf, threshold, null, inputs);
    }

    static IngestJob.Result ingest(Engine engine, Path lake, String profile, String asOf, Double threshold, boolean replaceSource, List<Path> inputs) {
        return ingest(engine, lake, profile, asOf, threshold, null, replaceSource, inputs);
    }

    static IngestJob.Result ingest(Engine engine, Path lake, String profile, String asOf, Double threshold, String encoding, List<Path> inputs) {
        return ingest(engine, lake, profile, asOf, threshold, encoding, false, inputs);
    }

    static IngestJob.Result ingest(Engine engine, Path lake, String profile, String asOf, Double threshold, String encoding, boolean replaceSource,
                                   List<Path> inputs) {
        return ingest(engine, lake, profile, asOf, threshold, encoding, replaceSource, null, inputs);
    }

    /** With CSV files cut into ranges of {@code splitMb} MiB (null: the default, 64). */
    static IngestJob.Result ingest(Engine engine, Path lake, String profile, String asOf, Double threshold, String encoding, boolean replaceSource,
                                   String splitMb, List<Path> inputs) {
        return ingest(engine, lake, profile, asOf, threshold, encoding, replaceSource, splitMb, Map.of(), inputs);
    }

    /** With further settings (ingest.* keys) as given on the command line. */
    static IngestJob.Result ingest(Engine engine, Path lake, String profile, String asOf, Double threshold, String encoding,
                                   boolean replaceSource, String splitMb, Map<String, String> extra, List<Path> inputs) {
        Map<String, String> cli = new TreeMap<>(extra);
        cli.put(IngestConfig.KEY_SPLIT_MB, splitMb);
        cli.put(IngestConfig.KEY_ENCODING, encoding);
        cli.put(IngestConfig.KEY_AS_OF, asOf);
        if (threshold != null) {
            cli.put(IngestConfig.KEY_THRESHOLD, threshold.toString());
        }
        cli.put("privacy.pseudonym-key", TEST_KEY);
        IngestConfig cfg = IngestConfig.resolve(inputs.stream().map(Path::toString).toList(), profile, new Lake(lake), null,
                Settings.resolve(null, Map.of(), cli), false, replaceSource);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            try {
                return switch (engine) {
                    case SPARK -> new IngestJob(SparkTestSession.get(), cfg, ps).run();
                    case DUCKDB -> new EmbeddedIngestJob(cfg, ps).run();
                };
            } finally {
                lastOutput = bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }

    static Path fixture(String name) {
        return Path.of("src/test/resources/fixtures").resolve(name).toAbsolutePath();
    }

    static Dataset<Row> staged(Path lake, String table) {
        return SparkTestSession.get().read().parquet(new Lake(lake).staged(table).toString());
    }

    static Dataset<Row> rejects(Path lake, String table) {
        return SparkTestSession.get().read().parquet(new Lake(lake).rejects(table).toString());
    }
}
