package io.minqing.transform.topics.testing;

import io.minqing.contract.Lake;
import io.minqing.contract.Settings;
import io.minqing.generator.GeneratorConfig;
import io.minqing.generator.SampleDistrictGenerator;
import io.minqing.ingest.IngestConfig;
import io.minqing.ingest.IngestJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The generated sample district (default seed and span, clean exports) ingested by the real ingest stage into a lake.
 * Only exports/cases.csv is ingested: the topics stage reads staged cases, and the surveys file is as large again.
 */
public final class SampleDistrictLake {

    public record Built(Path district, Path lake, long staged) {
    }

    private SampleDistrictLake() {
    }

    /** Generates into {@code dir/sample} and ingests into {@code dir/lake}; progress lines go to {@code out}. */
    public static Built build(SparkSession spark, Path dir, PrintStream out) throws Exception {
        Path district = dir.resolve("sample");
        Path lake = dir.resolve("lake");
        new SampleDistrictGenerator(new GeneratorConfig(district, GeneratorConfig.DEFAULT_SEED, GeneratorConfig.DEFAULT_FROM,
                GeneratorConfig.DEFAULT_TO, null, 0, null), out == null ? new PrintStream(new ByteArrayOutputStream()) : out).run();
        Files.createDirectories(lake);
        IngestConfig cfg = IngestConfig.resolve(List.of(district.resolve("exports/cases.csv").toString()), "sample-district", new Lake(lake), null,
                Settings.resolve(null, Map.of(), Map.of(IngestConfig.KEY_AS_OF, "2021-09-05")), true, false);
        IngestJob.Result r = new IngestJob(spark, cfg, out == null ? new PrintStream(new ByteArrayOutputStream()) : out).run();
        return new Built(district, lake, r.staged());
    }
}
