package io.minqing.transform.topics;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The district's curated topic list: one line per topic, {@code name: seed word, seed word, …} ({@code #} starts a
 * comment). A fitted cluster takes a taxonomy name only where the entry really matches it over several seed words, and
 * an entry seeds a starting centre only with support in the corpus ({@link TaxonomyMatch}); clusters that take the
 * same name are merged into one topic. Clusters no name claims keep their title, phrase or term label.
 */
public record Taxonomy(List<Entry> entries) implements Serializable {

    public record Entry(String name, Set<String> seeds) implements Serializable {
    }

    public Taxonomy {
        entries = List.copyOf(entries);
    }

    public static Taxonomy none() {
        return new Taxonomy(List.of());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public static Taxonomy read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw TopicsErrors.missingTaxonomy(file);
        }
        try {
            return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reading taxonomy " + file, e);
        }
    }

    static Taxonomy parse(Path file, List<String> lines) {
        List<Entry> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String l = raw.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int colon = l.indexOf(':') >= 0 ? l.indexOf(':') : l.indexOf('：');
            if (colon <= 0) {
                throw TopicsErrors.badTaxonomy(file, i + 1, raw, "no ':' between the topic name and its seed words");
            }
            String name = l.substring(0, colon).strip();
            Set<String> seeds = new LinkedHashSet<>();
            for (String s : l.substring(colon + 1).split("[,，、]")) {
                if (!s.isBlank()) {
                    seeds.add(s.strip());
                }
            }
            if (seeds.isEmpty()) {
                throw TopicsErrors.badTaxonomy(file, i + 1, raw, "the topic '" + name + "' has no seed words");
            }
            if (!names.add(name)) {
                throw TopicsErrors.badTaxonomy(file, i + 1, raw, "the topic '" + name + "' is listed twice; merge its seed words into one line");
            }
            out.add(new Entry(name, seeds));
        }
        return new Taxonomy(out);
    }
}
