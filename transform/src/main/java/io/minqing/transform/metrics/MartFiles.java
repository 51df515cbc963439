package io.minqing.transform.metrics;

import io.minqing.contract.Lake;
import io.minqing.contract.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Moving a written mart folder into place, for both engines (plain files: no engine class is touched here). */
final class MartFiles {

    private MartFiles() {
    }

    /**
     * Moves a mart folder written completely under {@code lake/_tmp} into {@code lake/marts/<table>}, with renames on one
     * file system (the previous mart stays in place until then), and removes {@code _tmp} when nothing else is left in it.
     */
    static void install(Lake lake, TableSchema schema, Path tmp) {
        Path target = lake.mart(schema.name());
        try {
            Files.createDirectories(target.getParent());
            Path old = null;
            if (Files.exists(target)) {
                old = lake.tmp().resolve(schema.name() + "-old-" + System.nanoTime());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteTree(old);
            }
            try (Stream<Path> left = Files.list(lake.tmp())) {
                if (left.findAny().isEmpty()) {
                    Files.delete(lake.tmp());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing marts/" + schema.name() + " under " + lake.root(), e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(x);
            }
        }
    }
}
