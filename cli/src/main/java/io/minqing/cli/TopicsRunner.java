package io.minqing.cli;

import io.minqing.contract.engine.Engine;
import io.minqing.contract.spark.Sessions;
import io.minqing.transform.topics.EmbeddedTopicsJob;
import io.minqing.transform.topics.ScriptSegmenter;
import io.minqing.transform.topics.TopicsConfig;
import io.minqing.transform.topics.TopicsCore;
import io.minqing.transform.topics.TopicsJob;
import io.minqing.transform.topics.TopicsResult;
import java.io.PrintStream;

/** Runs the topics stage on the resolved engine: embedded DuckDB (no Spark session) or Spark. Used by topics and transform. */
final class TopicsRunner {

    private TopicsRunner() {
    }

    static TopicsResult run(Engine engine, String master, TopicsConfig cfg, PrintStream progress) {
        TopicsCore.requireInput(cfg);
        if (engine == Engine.SPARK) {
            return new TopicsJob(Sessions.getOrCreate("minqing topics", master), cfg, ScriptSegmenter.standard(), progress).run();
        }
        return new EmbeddedTopicsJob(cfg, ScriptSegmenter.standard(), progress).run();
    }
}
