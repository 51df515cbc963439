package io.minqing.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where each stage reads and writes under one lake folder. The layout is part of the contract:
 * <pre>
 * lake/
 *   staged/cases/received_month=2021-08/part-….parquet    ← ingest
 *   staged/surveys/surveyed_month=2021-08/…                ← ingest
 *   rejects/cases/…, rejects/surveys/…                     ← ingest (one row per rejected input row, with reason)
 *   quality/ingest-summary.json                            ← ingest
 *   marts/&lt;table&gt;/…                                      ← transform (case_facts, community_month, …)
 *   models/topics/…                                        ← topics (the saved model that keeps topic ids stable)
 * </pre>
 * The commands hand their jobs a Lake rooted at one snapshot folder ({@code lake/snapshots/<n>/}): a writer's new,
 * not yet committed snapshot ({@link io.minqing.contract.lake.LakeWriter}) or a reader's committed one
 * ({@link io.minqing.contract.lake.Snapshot#current}); see docs/lake.md.
 */
public record Lake(Path root) {

    public Lake {
        root = root.toAbsolutePath().normalize();
    }

    public Path staged(String table) {
        return root.resolve("staged").resolve(table);
    }

    public Path rejects(String table) {
        return root.resolve("rejects").resolve(table);
    }

    public Path mart(String table) {
        return root.resolve("marts").resolve(table);
    }

    public Path quality() {
        return root.resolve("quality");
    }

    public Path models() {
        return root.resolve("models");
    }

    /** Scratch space for atomic writes: same file system as the lake, so a move is a rename. */
    public Path tmp() {
        return root.resolve("_tmp");
    }

    /** Whether dir is a folder holding at least one .parquet file, at any depth (a table's partitions). */
    public static boolean hasParquet(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
