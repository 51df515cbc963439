package io.minqing.generator;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads exports back with an independent parser (Commons CSV) for assertions. */
final class ExportReader {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ExportReader() {
    }

    static List<Map<String, String>> csv(Path file, Charset cs) throws IOException {
        try (Reader r = Files.newBufferedReader(file, cs);
             CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            List<Map<String, String>> out = new ArrayList<>();
            List<String> names = p.getHeaderNames();
            for (CSVRecord rec : p) {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    m.put(names.get(i), rec.get(i));
                }
                out.add(m);
            }
            return out;
        }
    }

    static LocalDateTime time(String s) {
        return s == null || s.isEmpty() ? null : LocalDateTime.parse(s, TS);
    }
}
