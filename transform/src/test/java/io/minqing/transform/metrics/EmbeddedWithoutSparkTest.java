package io.minqing.transform.metrics;

import static io.minqing.transform.metrics.Fixture.AS_OF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.minqing.contract.Lake;
import io.minqing.contract.engine.Engine;
import io.minqing.contract.marts.MetricMarts;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded metrics job runs with no Spark or Scala class at all: {@link DuckMetricsJob} is loaded through a class
 * loader that refuses every {@code org.apache.spark.*} and {@code scala.*} class (as if their jars were not on the
 * class path), runs on the hand-worked fixture, and writes the same marts as in this JVM, where Spark is present.
 */
class EmbeddedWithoutSparkTest {

    @TempDir
    Path dir;

    /** This test's class path without Spark and Scala: a class of theirs is not found. */
    static final class NoSparkLoader extends URLClassLoader {
        NoSparkLoader() {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        private static URL[] classPath() {
            List<URL> urls = new ArrayList<>();
            for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) {
                try {
                    urls.add(new File(p).toURI().toURL()); // surefire's booter jar brings the rest through its Class-Path
                } catch (java.net.MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return urls.toArray(new URL[0]);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.apache.spark.") || name.startsWith("scala.")) {
                throw new ClassNotFoundException("no Spark here: " + name);
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void theLoaderReallyHasNoSpark() throws Exception {
        try (NoSparkLoader l = new NoSparkLoader()) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.sql.Row", true, l));
            // and the adapter, which is Spark's side, cannot be used there
            Class<?> adapter = Class.forName(SparkMonthPass.class.getName(), false, l);
            assertThrows(NoClassDefFoundError.class, () -> adapter.getDeclaredMethods());
        }
    }

    @Test
    void duckMetricsJobRunsWithoutSparkClasses() throws Exception {
        Lake lake = Marts.stageFixture(dir.resolve("lake")); // staged with Spark, outside the loader
        Lake reference = Marts.stageFixture(dir.resolve("reference"));
        MetricsConfig cfg = MetricsConfig.defaults();
        Marts.run(Engine.DUCKDB, reference, cfg, Optional.of(AS_OF));
        try (NoSparkLoader l = new NoSparkLoader()) {
            // JDBC hands a connection only to a caller that sees the driver's class: register the loader's own copy
            Class.forName("org.duckdb.DuckDBDriver", true, l);
            Class<?> lakeClass = Class.forName(Lake.class.getName(), true, l);
            Class<?> cfgClass = Class.forName(MetricsConfig.class.getName(), true, l);
            Class<?> jobClass = Class.forName(DuckMetricsJob.class.getName(), true, l);
            assertFalse(jobClass == DuckMetricsJob.class, "loaded apart from this JVM's copy");
            Object isolatedLake = lakeClass.getConstructor(Path.class).newInstance(dir.resolve("lake"));
            Object isolatedCfg = cfgClass.getMethod("defaults").invoke(null);
            Object job = jobClass.getConstructor(lakeClass, cfgClass, Optional.class, PrintStream.class)
                    .newInstance(isolatedLake, isolatedCfg, Optional.of(AS_OF), new PrintStream(new ByteArrayOutputStream()));
            jobClass.getMethod("run").invoke(job);
        }
        for (var t : MetricMarts.ALL) {
            assertEquals(Marts.rows(reference, t), Marts.rows(lake, t), t.name());
        }
    }
}
