package io.minqing.transform.topics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The resource word lists of the topics stage: {@code topics/stopwords.txt} and {@code topics/userdict.txt}. */
public final class Stopwords {

    private static final Set<String> STOPWORDS = Set.copyOf(load("topics/stopwords.txt").keySet());

    private Stopwords() {
    }

    public static Set<String> stopwords() {
        return STOPWORDS;
    }

    public static boolean isStopword(String w) {
        return STOPWORDS.contains(w);
    }

    /** Domain words (word → HanLP nature, may be empty) that segmenters should keep whole. */
    public static Map<String, String> userDictionary() {
        return load("topics/userdict.txt");
    }

    static Map<String, String> load(String resource) {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = Stopwords.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + resource + " is missing from the classpath (a packaging bug)");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+", 2);
                out.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
        return out;
    }

    /** Sorted copy, for documentation and tests. */
    public static Set<String> sorted() {
        return new TreeSet<>(STOPWORDS);
    }
}
