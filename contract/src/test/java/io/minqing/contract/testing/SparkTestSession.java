package io.minqing.contract.testing;

import io.minqing.contract.spark.Sessions;
import org.apache.spark.sql.SparkSession;

/** One local SparkSession per test JVM: local[2], UI off, 2 shuffle partitions (Iceberg's test base). */
public final class SparkTestSession {

    private static SparkSession session;

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            session = Sessions.configure(SparkSession.builder()
                            .appName("minqing-test")
                            .master("local[2]"))
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}
