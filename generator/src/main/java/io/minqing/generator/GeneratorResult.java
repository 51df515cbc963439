package io.minqing.generator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a run wrote.
 *
 * @param out      the folder
 * @param files    every file written (exports, truth, manifest) with its data rows
 * @param cases    cases generated (distinct cases, before any messy duplicates)
 * @param surveys  surveys generated (case surveys and general surveys)
 * @param defects  defects planted in the messy exports (0 when clean)
 * @param elapsed  wall time of the run
 */
public record GeneratorResult(Path out, List<WrittenFile> files, long cases, long surveys, long defects, Duration elapsed) {

    public GeneratorResult {
        files = List.copyOf(files);
    }

    /** One file: path relative to {@code out} (with '/' separators), and its data rows (header not counted). */
    public record WrittenFile(String path, String kind, long rows) {
    }

    public Path manifest() {
        return out.resolve("manifest.json");
    }
}
