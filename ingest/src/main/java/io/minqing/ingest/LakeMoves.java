package io.minqing.ingest;

import io.minqing.contract.Lake;
import io.minqing.ingest.read.Inputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Moves a run's Parquet files from its temporary folder into the lake. Each move is an atomic rename on the lake's
 * file system (Lake.tmp() is inside the lake), so a reader sees either the previous file or the new one, never a
 * half-written one; a crash before the moves leaves the previous output untouched.
 *
 * <p>Ownership: staged/&lt;table&gt;/&lt;month&gt;=M/part-&lt;source&gt;.parquet belongs to (source, month); a run
 * replaces the files of the months it rewrote (their content is the merge of the run's rows with what was staged,
 * see IngestJob) and leaves other sources and other months alone (with replaceSource, this source's files in months
 * it did not produce are deleted). rejects/&lt;table&gt;/source=S/
 * part-&lt;file&gt;.parquet belongs to (source, input file): a run replaces (or removes) the rejects of every
 * file it read.
 */
final class LakeMoves {

    private final Lake lake;
    private final String source;

    LakeMoves(Lake lake, String source) {
        this.lake = lake;
        this.source = source;
    }

    /** This source's staged Parquet files of a table (every month), as paths Spark can read; sorted. */
    List<String> ownedStaged(String table) {
        Path target = lake.staged(table);
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(target)) {
            return out;
        }
        try (Stream<Path> months = Files.list(target)) {
            for (Path month : months.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(month)) {
                    files.filter(p -> owned(p.getFileName().toString())).sorted().forEach(p -> out.add(p.toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing staged " + table + " of " + source + " in " + target, e);
        }
        return out;
    }

    private boolean owned(String fileName) {
        return fileName.equals("part-" + source + ".parquet")
                || fileName.matches("part-" + java.util.regex.Pattern.quote(source) + "-\\d{5}\\.parquet");
    }

    /**
     * Moves staged partitions; returns the months replaced, sorted. {@code monthsToWrite} are the months the run
     * rewrote: one of them without rows in {@code tmpDir} (every row it held was replaced by a version in another
     * month) loses this source's file.
     */
    List<String> moveStaged(Path tmpDir, String table, String partitionColumn, boolean replaceSource, List<String> monthsToWrite) {
        List<String> months = new ArrayList<>();
        Path target = lake.staged(table);
        try {
            for (String m : monthsToWrite) {
                Path produced = tmpDir.resolve(partitionColumn + "=" + m);
                if (!Files.isDirectory(produced) || parquetFiles(produced).isEmpty()) {
                    deleteOwned(target.resolve(partitionColumn + "=" + m));
                    months.add(m);
                }
            }
            if (replaceSource && Files.isDirectory(target)) {
                try (Stream<Path> s = Files.list(target)) {
                    for (Path month : s.sorted().toList()) {
                        deleteOwned(month);
                    }
                }
            }
            if (!Files.isDirectory(tmpDir)) {
                return months;
            }
            try (Stream<Path> s = Files.list(tmpDir)) {
                for (Path dir : s.filter(Files::isDirectory).sorted().toList()) {
                    String name = dir.getFileName().toString();
                    if (!name.startsWith(partitionColumn + "=")) {
                        continue;
                    }
                    List<Path> parts = parquetFiles(dir);
                    if (parts.isEmpty()) {
                        continue;
                    }
                    Path dest = target.resolve(name);
                    Files.createDirectories(dest);
                    deleteOwned(dest);
                    for (int i = 0; i < parts.size(); i++) {
                        String file = "part-" + source + (parts.size() == 1 ? "" : String.format("-%05d", i)) + ".parquet";
                        Files.move(parts.get(i), dest.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    }
                    months.add(name.substring(partitionColumn.length() + 1));
                }
            }
            months.sort(null);
            return months;
        } catch (IOException e) {
            throw new UncheckedIOException("moving staged " + table + " of " + source + " into " + target, e);
        }
    }

    private void deleteOwned(Path monthDir) throws IOException {
        if (!Files.isDirectory(monthDir)) {
            return;
        }
        try (Stream<Path> s = Files.list(monthDir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (owned(n)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Moves one reject file per input unit; removes the previous rejects of units that now have none. */
    void moveRejects(Path tmpDir, String table, List<Inputs.Unit> units) {
        Path target = lake.rejects(table).resolve("source=" + source);
        try {
            Files.createDirectories(target);
            for (Inputs.Unit u : units) {
                Path dest = target.resolve(rejectFileName(u.label()));
                Path legacy = target.resolve(legacyRejectFileName(u.label()));
                if (isLosslessLegacyName(u.label())) {
                    Files.deleteIfExists(legacy); // this unit's file under the name used before the hash
                }
                Path dir = tmpDir.resolve("unit=" + u.index());
                List<Path> parts = Files.isDirectory(dir) ? parquetFiles(dir) : List.of();
                if (parts.isEmpty()) {
                    Files.deleteIfExists(dest);
                    continue;
                }
                if (parts.size() != 1) {
                    throw new IllegalStateException("Expected one reject file for " + u.label() + ", got " + parts);
                }
                Files.move(parts.get(0), dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isEmpty()) {
                    Files.delete(target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("moving rejects of " + source + " into " + target, e);
        }
    }

    /**
     * {@code part-<readable prefix>-<hash>.parquet}: the prefix is the unit's label with anything but letters, digits,
     * dot, dash and underscore replaced by _ (at most 40 characters, for people browsing the folder); the hash, the
     * first 16 hex digits of SHA-256 of the label (UTF-8), keeps names apart that the prefix makes equal
     * ({@code r:1.csv}, {@code r?1.csv}, {@code r_1.csv}; {@code 民情_件.csv} and {@code 民情 件.csv}). Stable: the
     * same label gives the same name in every run, so a rerun replaces its own rejects and no other file's.
     */
    public static String rejectFileName(String label) {
        String prefix = label.replaceAll("[^\\p{L}\\p{N}._-]", "_");
        if (prefix.length() > 40) {
            prefix = prefix.substring(0, 40);
        }
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(label.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "part-" + prefix + "-" + java.util.HexFormat.of().formatHex(h, 0, 8) + ".parquet";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** The name used before {@link #rejectFileName}: lossy, so only removed for a label it keeps as it is. */
    static String legacyRejectFileName(String label) {
        return "part-" + label.replaceAll("[^\\p{L}\\p{N}._-]", "_") + ".parquet";
    }

    private static boolean isLosslessLegacyName(String label) {
        return legacyRejectFileName(label).equals("part-" + label + ".parquet");
    }

    private static List<Path> parquetFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet") && !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }
}
