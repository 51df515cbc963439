package io.minqing.contract.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.Type;
import org.apache.parquet.format.Util;

/**
 * Makes Parquet files written by Spark byte-identical from one process to the next.
 *
 * <p>Why: parquet-mr collects each column chunk's encodings in a {@code HashSet<Encoding>} and writes them in its
 * iteration order, which follows the enum constants' identity hash codes — different in every JVM. Same rows, same
 * pages, but the footer lists e.g. {@code [PLAIN, RLE, BIT_PACKED]} in one run and {@code [BIT_PACKED, PLAIN, RLE]}
 * in the next, so a rerun in a new process was not byte-identical. This rewrites the footer in place with every
 * encoding list (and the page-encoding statistics) in a fixed order. The footer is Thrift compact protocol, in which
 * an encoding is a one-byte varint, so the sorted footer has the same length and is written over the old one.
 */
public final class ParquetFooters {

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private ParquetFooters() {
    }

    /** Canonicalises every {@code .parquet} file under {@code dir} (a file or a folder). Returns how many were read. */
    public static int canonicalizeAll(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
            for (Path f : files) {
                canonicalize(f);
            }
            return files.size();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
    }

    /**
     * Makes a folder Spark just wrote reproducible byte for byte: every footer canonical, Hadoop's checksum files
     * removed, and in every folder the part files renamed {@code part-00000.parquet}, … in the order of Spark's names
     * (task order; Spark's names carry a random job id). Returns the number of Parquet files.
     */
    public static int normaliseFolder(Path dir) {
        int n = canonicalizeAll(dir);
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
                List<Path> parts;
                try (Stream<Path> f = Files.list(d)) {
                    parts = new java.util.ArrayList<>();
                    for (Path p : f.toList()) {
                        String name = p.getFileName().toString();
                        if (name.endsWith(".crc")) {
                            Files.delete(p);
                        } else if (name.startsWith("part-") && name.endsWith(".parquet")) {
                            parts.add(p);
                        }
                    }
                }
                parts.sort(Comparator.comparing(p -> p.getFileName().toString()));
                for (int i = 0; i < parts.size(); i++) {
                    Files.move(parts.get(i), d.resolve(String.format("part-%05d.parquet", i)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("normalising the Parquet files under " + dir, e);
        }
        return n;
    }

    /** Rows in all {@code .parquet} files under {@code dir}, from their footers (no data read; 0 when there are none). */
    public static long rowCount(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            long n = 0;
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
                n += metaData(f).getNum_rows();
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("counting the rows of the Parquet files under " + dir, e);
        }
    }

    /**
     * Row count and min/max of one top-level INT64 column (Parquet timestamps are INT64 microseconds) over all files.
     * {@code min}/{@code max} are null when no file holds a non-null value.
     */
    public record Int64Range(long rows, Long min, Long max) {
    }

    /**
     * The {@link Int64Range} of each named top-level INT64 column over the {@code .parquet} files under {@code dir}
     * that Spark would read (names starting with "_" or "." are skipped, as Spark does), taken from the footers'
     * column statistics, with no data read. Empty when any file lacks exact statistics for one of the columns (a writer
     * that skips them, or a column that is not INT64): the caller then scans instead. Used for the bounds a job needs
     * before it starts (row count, earliest and latest time), which would otherwise cost a pass over the data.
     */
    public static Optional<Map<String, Int64Range>> int64Ranges(Path dir, List<String> columns) {
        Map<String, long[]> acc = new LinkedHashMap<>(); // min, max, whether any file had a non-null value
        for (String c : columns) {
            acc.put(c, new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
        }
        long rows = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(x -> sparkReads(dir, x)).sorted().toList()) {
                FileMetaData meta = metaData(f);
                rows += meta.getNum_rows();
                for (RowGroup rg : meta.getRow_groups()) {
                    for (String c : columns) {
                        ColumnMetaData md = chunk(rg, c);
                        if (md == null || md.getType() != Type.INT64 || !md.isSetStatistics()) {
                            return Optional.empty();
                        }
                        Statistics st = md.getStatistics();
                        long values = md.getNum_values();
                        if (st.isSetNull_count() && st.getNull_count() == values) {
                            continue; // only nulls here: nothing to bound
                        }
                        if (!st.isSetMin_value() || !st.isSetMax_value()) {
                            return Optional.empty(); // legacy min/max may be unsigned-ordered: do not trust them
                        }
                        long[] a = acc.get(c);
                        a[0] = Math.min(a[0], int64(st.bufferForMin_value()));
                        a[1] = Math.max(a[1], int64(st.bufferForMax_value()));
                        a[2] = 1;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the Parquet footers under " + dir, e);
        }
        Map<String, Int64Range> out = new LinkedHashMap<>();
        for (var e : acc.entrySet()) {
            long[] a = e.getValue();
            out.put(e.getKey(), new Int64Range(rows, a[2] == 0 ? null : a[0], a[2] == 0 ? null : a[1]));
        }
        return Optional.of(out);
    }

    /** A .parquet file under dir that Spark's file index lists: no name on the way down starts with "_" or ".". */
    private static boolean sparkReads(Path dir, Path p) {
        if (!p.getFileName().toString().endsWith(".parquet")) {
            return false;
        }
        for (Path part : dir.relativize(p)) {
            String x = part.toString();
            if (x.startsWith("_") || x.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static ColumnMetaData chunk(RowGroup rg, String column) {
        for (ColumnChunk cc : rg.getColumns()) {
            ColumnMetaData md = cc.getMeta_data();
            if (md != null && md.getPath_in_schema().size() == 1 && md.getPath_in_schema().get(0).equals(column)) {
                return md;
            }
        }
        return null;
    }

    private static long int64(ByteBuffer b) {
        return b.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** The parsed footer of a Parquet file. */
    private static FileMetaData metaData(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return Util.readFileMetaData(new ByteArrayInputStream(footer(ch, file)));
        }
    }

    /** The Thrift footer bytes of a Parquet file. */
    private static byte[] footer(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(tail, size - 8);
        tail.flip();
        int footerLen = tail.getInt();
        byte[] magic = new byte[4];
        tail.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC) || footerLen <= 0 || footerLen > size - 12) {
            throw new IllegalStateException(file + " is not a plain Parquet file (no PAR1 footer)");
        }
        ByteBuffer footer = ByteBuffer.allocate(footerLen);
        ch.read(footer, size - 8 - footerLen);
        return footer.array();
    }

    /** Rewrites one file's footer in canonical order (no change when it already is). */
    public static void canonicalize(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            byte[] old = footer(ch, file);
            int footerLen = old.length;
            long footerStart = ch.size() - 8 - footerLen;
            FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(old));
            sort(meta);
            ByteArrayOutputStream out = new ByteArrayOutputStream(footerLen);
            Util.writeFileMetaData(meta, out);
            byte[] canonical = out.toByteArray();
            if (canonical.length != footerLen) {
                throw new IllegalStateException("Canonical footer of " + file + " has " + canonical.length
                        + " bytes instead of " + footerLen + " (a bug: only lists were reordered)");
            }
            if (!java.util.Arrays.equals(canonical, old)) {
                ch.write(ByteBuffer.wrap(canonical), footerStart);
                // Hadoop's local checksum file beside it no longer matches; without it readers just skip the check
                Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rewriting the Parquet footer of " + file, e);
        }
    }

    private static void sort(FileMetaData meta) {
        for (RowGroup rg : meta.getRow_groups()) {
            for (ColumnChunk cc : rg.getColumns()) {
                ColumnMetaData md = cc.getMeta_data();
                if (md == null) {
                    continue;
                }
                if (md.getEncodings() != null) {
                    md.getEncodings().sort(Comparator.comparingInt(Encoding::getValue));
                }
                if (md.getEncoding_stats() != null) {
                    md.getEncoding_stats().sort(Comparator.comparingInt((PageEncodingStats p) -> p.getPage_type().getValue())
                            .thenComparingInt(p -> p.getEncoding().getValue()));
                }
            }
        }
    }
}
