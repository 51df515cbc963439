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
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.RowGroup;
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
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                    n += Util.readFileMetaData(new ByteArrayInputStream(footer(ch, f))).getNum_rows();
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("counting the rows of the Parquet files under " + dir, e);
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
