package io.minqing.ingest.read;

import io.minqing.ingest.IngestErrors;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Input files, opened through Hadoop's FileSystem so the same job reads local paths, {@code file:} URIs and
 * cluster file systems (hdfs://, s3a:// …) inside its tasks. Local paths and {@code file:} URIs are read with
 * java.nio directly: Hadoop's FileSystem would parse its XML configuration, bind a logger and load some 600 classes
 * per process, longer than ingesting a small export takes. Folders are expanded (recursively, sorted by path);
 * workbooks are split into one unit per sheet.
 */
public final class Inputs {

    private Inputs() {
    }

    /** The file kinds ingest reads. */
    public enum Format {
        CSV, XLSX, JSONL, JSON;

        static Format of(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".gz")) {
                n = n.substring(0, n.length() - 3);
            }
            if (n.endsWith(".csv") || n.endsWith(".txt")) {
                return CSV;
            }
            if (n.endsWith(".xlsx")) {
                return XLSX;
            }
            if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
                return JSONL;
            }
            if (n.endsWith(".json")) {
                return JSON;
            }
            return null;
        }
    }

    /**
     * One unit of work: a file, or one sheet of a workbook.
     *
     * @param index  position in the run (input order, folders expanded in path order); later wins among duplicates
     * @param uri    where to open it
     * @param label  lineage name: the file name, or {@code file.xlsx!Sheet} for a sheet
     */
    public record Unit(int index, String uri, String fileName, String label, Format format, String sheet, String entry)
            implements Serializable {

        /** A unit read straight from its file (not a zip entry). */
        public Unit(int index, String uri, String fileName, String label, Format format, String sheet) {
            this(index, uri, fileName, label, format, sheet, null);
        }

        /** True when the unit's bytes are compressed (.gz, or an entry of a .zip): read as a whole, never in ranges. */
        public boolean compressed() {
            return entry != null || isGzip(uri);
        }

        /** The unit's (decompressed) bytes. */
        public InputStream open() {
            return entry != null ? openEntry(uri, entry) : Inputs.open(uri);
        }
    }

    static boolean isGzip(String uri) {
        return uri.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    static boolean isZip(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /** The files of a zip archive ingest can read, in archive order, without folders and hidden files. */
    static List<String> zipEntries(String uri, String label) {
        List<String> out = new ArrayList<>();
        try (java.util.zip.ZipInputStream z = new java.util.zip.ZipInputStream(openRaw(uri, 0))) {
            java.util.zip.ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                String n = e.getName();
                String base = n.substring(n.lastIndexOf('/') + 1);
                if (!e.isDirectory() && Format.of(base) != null && !isZip(base) && !base.startsWith(".")
                        && !base.startsWith("~$") && !n.startsWith("__MACOSX/")) {
                    out.add(n);
                }
            }
        } catch (IOException e) {
            throw IngestErrors.unreadableFile(label, "it is not a readable zip archive (" + e.getMessage() + ")");
        }
        return out;
    }

    /** The bytes of one entry of a zip archive. */
    static InputStream openEntry(String uri, String entry) {
        try {
            java.util.zip.ZipInputStream z = new java.util.zip.ZipInputStream(openRaw(uri, 0));
            java.util.zip.ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                if (e.getName().equals(entry)) {
                    return z;
                }
            }
            z.close();
            throw new IllegalStateException("Entry " + entry + " vanished from " + uri);
        } catch (IOException e) {
            throw new UncheckedIOException("opening " + uri + "!/" + entry, e);
        }
    }

    /**
     * What one Spark task reads: a whole unit, or one range of a large CSV file ({@code split} not null).
     */
    public record Piece(Unit unit, CsvSplits.Split split) implements Serializable {
    }

    public static List<Unit> expand(List<String> inputs, String sheet) {
        if (inputs == null || inputs.isEmpty()) {
            throw IngestErrors.noInput();
        }
        List<String[]> files = new ArrayList<>();
        Configuration conf = null;
        for (String in : inputs) {
            java.nio.file.Path local = localPath(in);
            if (local != null) {
                expandLocal(in, local, files);
                continue;
            }
            try {
                if (conf == null) {
                    conf = new Configuration();
                }
                Path p = new Path(in);
                FileSystem fs = p.getFileSystem(conf);
                if (!fs.exists(p)) {
                    throw IngestErrors.missingInput(in);
                }
                FileStatus st = fs.getFileStatus(p);
                if (st.isDirectory()) {
                    List<String> found = new ArrayList<>();
                    var it = fs.listFiles(p, true);
                    while (it.hasNext()) {
                        String f = it.next().getPath().toString();
                        String name = f.substring(f.lastIndexOf('/') + 1);
                        if ((Format.of(name) != null || isZip(name)) && !name.startsWith(".") && !name.startsWith("~$")) {
                            found.add(f);
                        }
                    }
                    if (found.isEmpty()) {
                        throw IngestErrors.emptyFolder(in);
                    }
                    found.sort(null);
                    String base = fs.makeQualified(p).toString();
                    found.forEach(f -> files.add(new String[] {f, f.substring(f.lastIndexOf('/') + 1), below(base, f)}));
                } else {
                    String f = fs.makeQualified(p).toString();
                    String name = p.getName();
                    if (Format.of(name) == null && !isZip(name)) {
                        throw IngestErrors.unsupportedFormat(in);
                    }
                    files.add(new String[] {f, name, name});
                }
            } catch (IOException e) {
                throw new UncheckedIOException("listing input " + in, e);
            }
        }
        // lineage keeps the file name; files of the same name in different folders (every street's export.xlsx) keep
        // their path below the input folder instead
        Map<String, java.util.Set<String>> byName = new HashMap<>();
        files.forEach(f -> byName.computeIfAbsent(f[1], n -> new java.util.HashSet<>()).add(f[0]));
        for (String[] f : files) {
            if (byName.get(f[1]).size() > 1) {
                f[1] = f[2];
            }
        }
        List<Unit> units = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (String[] f : files) {
            String prev = seen.put(f[1], f[0]);
            if (prev != null && !prev.equals(f[0])) {
                throw IngestErrors.sameFileName(f[1], prev, f[0]);
            }
            if (prev != null) {
                continue; // the same file given twice
            }
            if (isZip(f[1])) {
                List<String> entries = zipEntries(f[0], f[1]);
                if (entries.isEmpty()) {
                    throw IngestErrors.unreadableFile(f[1], "the zip archive holds no file ingest reads (.csv, .txt, .xlsx, "
                            + ".json, .jsonl, .ndjson, optionally .gz)");
                }
                for (String entry : entries) {
                    String label = f[1] + "!/" + entry;
                    Format fmt = Format.of(entry);
                    if (fmt == Format.XLSX) {
                        File local = localCopy(f[0], entry);
                        for (String s : sheetsOf(local, label, sheet)) {
                            units.add(new Unit(units.size(), f[0], f[1], label + "!" + s, fmt, s, entry));
                        }
                    } else {
                        units.add(new Unit(units.size(), f[0], f[1], label, fmt, null, entry));
                    }
                }
                continue;
            }
            Format fmt = Format.of(f[1]);
            if (fmt == Format.XLSX) {
                File local = localCopy(f[0]);
                List<String> sheets = XlsxSource.sheetNames(local);
                if (sheet != null && !sheets.contains(sheet)) {
                    throw IngestErrors.unknownSheet(f[1], sheet, sheets);
                }
                for (String s : sheets) {
                    if (sheet == null || sheet.equals(s)) {
                        units.add(new Unit(units.size(), f[0], f[1], f[1] + "!" + s, fmt, s));
                    }
                }
            } else {
                units.add(new Unit(units.size(), f[0], f[1], f[1], fmt, null));
            }
        }
        return units;
    }

    /**
     * The local file of a plain path or a {@code file:} URI (as Hadoop writes it, {@code file:/abs/path}); null for a
     * URI of another file system (hdfs:, s3a: …), which goes through Hadoop.
     */
    static java.nio.file.Path localPath(String s) {
        if (s.startsWith("file:")) {
            String p = s.substring(5);
            if (p.startsWith("//")) {
                p = p.substring(2); // file:///abs → /abs; file://host/… is not local
                if (!p.startsWith("/")) {
                    return null;
                }
            }
            return java.nio.file.Paths.get(p);
        }
        int colon = s.indexOf(':');
        int slash = s.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash) && s.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return null;
        }
        return java.nio.file.Paths.get(s);
    }

    /** A local file as the uri ingest keeps for it: file: and its absolute, normalised path (as Hadoop qualifies it). */
    private static String localUri(java.nio.file.Path p) {
        return "file:" + p.toAbsolutePath().normalize();
    }

    /** {@link #expand} of one local input: a file, or a folder listed recursively (regular files; sorted later). */
    private static void expandLocal(String in, java.nio.file.Path local, List<String[]> files) {
        if (!Files.exists(local)) {
            throw IngestErrors.missingInput(in);
        }
        if (Files.isDirectory(local)) {
            List<String> found = new ArrayList<>();
            try (java.util.stream.Stream<java.nio.file.Path> walk = Files.walk(local)) {
                for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) walk::iterator) {
                    String name = f.getFileName().toString();
                    if (Files.isRegularFile(f) && (Format.of(name) != null || isZip(name)) && !name.startsWith(".")
                            && !name.startsWith("~$")) {
                        found.add(localUri(f));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("listing input " + in, e);
            }
            if (found.isEmpty()) {
                throw IngestErrors.emptyFolder(in);
            }
            found.sort(null);
            String base = localUri(local);
            found.forEach(f -> files.add(new String[] {f, f.substring(f.lastIndexOf('/') + 1), below(base, f)}));
        } else {
            String name = local.getFileName().toString();
            if (Format.of(name) == null && !isZip(name)) {
                throw IngestErrors.unsupportedFormat(in);
            }
            files.add(new String[] {localUri(local), name, name});
        }
    }

    /** The path of {@code file} below the input folder {@code base} ('/'-separated), or its name when it is not below. */
    static String below(String base, String file) {
        String b = base.endsWith("/") ? base : base + "/";
        return file.startsWith(b) ? file.substring(b.length()) : file.substring(file.lastIndexOf('/') + 1);
    }

    /** The file's bytes, decompressed when it is gzip (.gz). */
    public static InputStream open(String uri) {
        InputStream in = openAt(uri, 0);
        if (!isGzip(uri)) {
            return in;
        }
        try {
            return new java.util.zip.GZIPInputStream(in, 1 << 16);
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the first error is the one to report
            }
            throw IngestErrors.unreadableFile(uri.substring(uri.lastIndexOf('/') + 1), "it is not a readable gzip file (" + e.getMessage() + ")");
        }
    }

    private static InputStream openRaw(String uri, long offset) {
        return openAt(uri, offset);
    }

    private static List<String> sheetsOf(File local, String label, String sheet) {
        List<String> sheets = XlsxSource.sheetNames(local);
        if (sheet != null && !sheets.contains(sheet)) {
            throw IngestErrors.unknownSheet(label, sheet, sheets);
        }
        return sheet == null ? sheets : List.of(sheet);
    }

    /** A zip entry (or a gzip file's content when {@code entry} is null) as a local temporary file, for POI. */
    static File localCopy(String uri, String entry) {
        try {
            File tmp = File.createTempFile("minqing-ingest-", ".xlsx");
            tmp.deleteOnExit();
            try (InputStream in = entry != null ? openEntry(uri, entry) : open(uri)) {
                Files.copy(in, tmp.toPath(), StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + uri + (entry == null ? "" : "!/" + entry), e);
        }
    }

    /**
     * Opens a file positioned at byte {@code offset}. Local files are read through Hadoop's raw local file system:
     * the checksumming one only adds a second read per block for files that have no .crc beside them anyway.
     */
    public static InputStream openAt(String uri, long offset) {
        java.nio.file.Path local = localPath(uri);
        if (local != null) {
            try {
                java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(local);
                if (offset > 0) {
                    ch.position(offset);
                }
                return new java.io.BufferedInputStream(java.nio.channels.Channels.newInputStream(ch), 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException("opening " + uri + (offset > 0 ? " at byte " + offset : ""), e);
            }
        }
        try {
            Path p = new Path(uri);
            FileSystem fs = p.getFileSystem(new Configuration());
            if (fs instanceof LocalFileSystem lfs) {
                fs = lfs.getRaw();
            }
            org.apache.hadoop.fs.FSDataInputStream in = fs.open(p, 1 << 16);
            if (offset > 0) {
                in.seek(offset);
            }
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException("opening " + uri + (offset > 0 ? " at byte " + offset : ""), e);
        }
    }

    /** The length of a file in bytes. */
    public static long length(String uri) {
        try {
            java.nio.file.Path local = localPath(uri);
            if (local != null) {
                return Files.size(local);
            }
            Path p = new Path(uri);
            return p.getFileSystem(new Configuration()).getFileStatus(p).getLen();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the length of " + uri, e);
        }
    }

    /** The file as a local java.io.File (POI needs random access): the file itself when local, else a temporary copy. */
    public static File localCopy(String uri) {
        if (isGzip(uri)) {
            return localCopy(uri, null);
        }
        java.nio.file.Path local = localPath(uri);
        if (local != null) {
            return local.toAbsolutePath().normalize().toFile();
        }
        try {
            Path p = new Path(uri);
            FileSystem fs = p.getFileSystem(new Configuration());
            if (fs instanceof LocalFileSystem || "file".equals(fs.getScheme())) {
                return new File(fs.makeQualified(p).toUri());
            }
            File tmp = File.createTempFile("minqing-ingest-", ".xlsx");
            tmp.deleteOnExit();
            try (InputStream in = fs.open(p)) {
                Files.copy(in, tmp.toPath(), StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + uri, e);
        }
    }

    /** Opens a piece as a record stream. */
    public static RecordSource source(Piece p, String encoding) {
        if (p.split() != null) {
            return new CsvSource(p.unit().label(), off -> openAt(p.unit().uri(), off), p.split());
        }
        return source(p.unit(), encoding);
    }

    /** Opens a unit as a record stream. */
    public static RecordSource source(Unit u, String encoding) {
        return switch (u.format()) {
            case CSV -> new CsvSource(u.label(), u::open, encoding);
            case XLSX -> new XlsxSource(u.entry() != null ? localCopy(u.uri(), u.entry()) : localCopy(u.uri()), u.sheet(), u.label());
            case JSONL -> new JsonSource(u.label(), u.open(), true);
            case JSON -> new JsonSource(u.label(), u.open(), false);
        };
    }
}
