package io.minqing.cli;

import io.minqing.contract.Lake;
import io.minqing.contract.lake.Snapshot;
import io.minqing.contract.MinqingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Before transform or topics take the lake's lock: a folder that holds no lake (neither a committed snapshot nor a
 * legacy {@code staged/}) is the usual "run ingest first" error, and the command leaves nothing behind there (no LOCK,
 * no snapshots/ folder). Paths that are not folders at all are left to the lake's own errors (LakeWriter.begin).
 */
final class StagedCheck {

    private StagedCheck() {
    }

    /** @param missing the command's own "no staged cases" error, given the staged/cases path */
    static void requireLake(Path lake, Function<Path, MinqingException> missing) {
        Path root = lake.toAbsolutePath();
        boolean folderWithoutLake = Files.isDirectory(root) && !Files.exists(root.resolve(Snapshot.CURRENT))
                && !Files.exists(root.resolve("staged"));
        boolean missingUnderAFolder = !Files.exists(root) && root.getParent() != null && Files.isDirectory(root.getParent());
        if (folderWithoutLake || missingUnderAFolder) {
            throw missing.apply(new Lake(lake).staged("cases"));
        }
    }
}
