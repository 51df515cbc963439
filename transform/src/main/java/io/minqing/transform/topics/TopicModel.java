package io.minqing.transform.topics;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The saved topic model that keeps topic ids stable: the vocabulary with its idf, one centroid per cluster with the
 * stable topic id it belongs to (several clusters may share a topic when the taxonomy merges them), and per topic its
 * label and top terms. Stored as plain UTF-8 text files under {@code lake/models/topics/} so a person can read
 * and diff them: {@code model.properties}, {@code vocabulary.tsv}, {@code clusters.tsv}, {@code topics.tsv}
 * (and {@code id-map.tsv} after a refit).
 */
public record TopicModel(int version, String segmenter, String fittedMonths, long fittedCases, Vectorizer vectorizer,
                         List<Cluster> clusters, List<Topic> topics, Map<String, String> info) implements Serializable {

    /**
     * Keys of {@link #info()}, written to model.properties: how k was set ({@code k}, {@code k_source} user|criterion,
     * {@code k_criterion}, {@code k_score}, {@code k_scores}) and which taxonomy entries seeded a centre
     * ({@code taxonomy_seeded}) or were skipped and why ({@code taxonomy_skipped}).
     */
    public static final List<String> INFO_KEYS = List.of("k", "k_source", "k_criterion", "k_score", "k_scores", "taxonomy_seeded",
            "taxonomy_skipped");

    /** Topic id of cases whose text has no word of the vocabulary. */
    public static final int UNASSIGNED_ID = 0;
    public static final String UNASSIGNED_LABEL = "未归类";

    public record Cluster(int topicId, double[] centroid) implements Serializable {
    }

    public record Topic(int id, String label, String labelSource, List<String> topTerms) implements Serializable {
    }

    /** Result of assigning one case. */
    public record Assignment(int topicId, double score) implements Serializable {
    }

    public TopicModel {
        clusters = List.copyOf(clusters);
        topics = List.copyOf(topics);
        info = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(info));
    }

    public TopicModel(int version, String segmenter, String fittedMonths, long fittedCases, Vectorizer vectorizer,
                      List<Cluster> clusters, List<Topic> topics) {
        this(version, segmenter, fittedMonths, fittedCases, vectorizer, clusters, topics, Map.of());
    }

    /** k of the fit (the clusters of a model saved before k was recorded). */
    public int k() {
        return info.containsKey("k") ? Integer.parseInt(info.get("k")) : clusters.size();
    }

    /** user (topics.k, -k) or criterion; a model saved before this was recorded was fitted with the configured k. */
    public String kSource() {
        return info.getOrDefault("k_source", "user");
    }

    /** The criterion that chose k, or null when the user set it. */
    public String kCriterion() {
        return info.get("k_criterion");
    }

    /** The criterion's score of the chosen k, or null. */
    public Double kScore() {
        String s = info.get("k_score");
        return s == null ? null : Double.valueOf(s);
    }

    public String versionName() {
        return "v" + version;
    }

    public Map<Integer, Topic> topicsById() {
        Map<Integer, Topic> m = new TreeMap<>();
        for (Topic t : topics) {
            m.put(t.id(), t);
        }
        return m;
    }

    public String label(int topicId) {
        if (topicId == UNASSIGNED_ID) {
            return UNASSIGNED_LABEL;
        }
        for (Topic t : topics) {
            if (t.id() == topicId) {
                return t.label();
            }
        }
        throw new IllegalArgumentException("no topic " + topicId + " in model " + versionName());
    }

    /** The topic of a case: the cluster with the highest cosine; ties go to the lower topic id. */
    public Assignment assign(List<String> titleWords, List<String> descriptionWords) {
        Vectorizer.Sparse v = vectorizer.vector(titleWords, descriptionWords);
        if (v.isEmpty()) {
            return new Assignment(UNASSIGNED_ID, 0);
        }
        int best = UNASSIGNED_ID;
        double bestScore = -1;
        for (Cluster c : clusters) {
            double s = v.dot(c.centroid());
            if (s > bestScore + 1e-12 || Math.abs(s - bestScore) <= 1e-12 && c.topicId() < best) {
                bestScore = s;
                best = c.topicId();
            }
        }
        return new Assignment(best, Math.max(0, Math.min(1, bestScore)));
    }

    /** A topic's direction in term space: the normalised sum of its clusters' centroids, as term → weight. */
    public Map<String, Double> topicVector(int topicId) {
        double[] sum = new double[vectorizer.size()];
        for (Cluster c : clusters) {
            if (c.topicId() == topicId) {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += c.centroid()[i];
                }
            }
        }
        TopicFitter.normalise(sum);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < sum.length; i++) {
            if (sum[i] > 0) {
                out.put(vectorizer.terms().get(i), sum[i]);
            }
        }
        return out;
    }

    /** The n terms with the highest weight in a term → weight map, strongest first (ties by term). */
    public static List<String> topTerms(Map<String, Double> weights, int n) {
        return weights.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(Map.Entry::getKey).toList();
    }

    /** Cosine of two term → weight maps. */
    public static double cosine(Map<String, Double> a, Map<String, Double> b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (Map.Entry<String, Double> e : a.entrySet()) {
            na += e.getValue() * e.getValue();
            Double o = b.get(e.getKey());
            if (o != null) {
                dot += e.getValue() * o;
            }
        }
        for (double x : b.values()) {
            nb += x * x;
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    // ---------------------------------------------------------------- storage

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve("model.properties"));
    }

    /** Writes the model to {@code dir} atomically: into a sibling temporary folder, then moved into place. */
    public void save(Path dir) {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp-" + version);
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            List<String> props = List.of(
                    "# minqing topic model — written by minqing topics; do not edit by hand (use --refit / --taxonomy)",
                    "version=" + version, "segmenter=" + segmenter, "fitted_months=" + fittedMonths,
                    "fitted_cases=" + fittedCases, "clusters=" + clusters.size(), "topics=" + topics.size(),
                    "terms=" + vectorizer.size());
            props = new ArrayList<>(props);
            for (Map.Entry<String, String> e : info.entrySet()) {
                props.add(e.getKey() + "=" + e.getValue());
            }
            Files.write(tmp.resolve("model.properties"), props, StandardCharsets.UTF_8);
            List<String> vocab = new ArrayList<>();
            double[] idf = vectorizer.idf();
            for (int i = 0; i < vectorizer.size(); i++) {
                vocab.add(vectorizer.terms().get(i) + "\t" + Double.toString(idf[i]));
            }
            Files.write(tmp.resolve("vocabulary.tsv"), vocab, StandardCharsets.UTF_8);
            List<String> cl = new ArrayList<>();
            for (Cluster c : clusters) {
                StringBuilder sb = new StringBuilder().append(c.topicId()).append('\t');
                boolean first = true;
                for (int i = 0; i < c.centroid().length; i++) {
                    if (c.centroid()[i] != 0) {
                        sb.append(first ? "" : ",").append(i).append(':').append(Double.toString(c.centroid()[i]));
                        first = false;
                    }
                }
                cl.add(sb.toString());
            }
            Files.write(tmp.resolve("clusters.tsv"), cl, StandardCharsets.UTF_8);
            List<String> tp = new ArrayList<>();
            for (Topic t : topics) {
                tp.add(t.id() + "\t" + t.label() + "\t" + t.labelSource() + "\t" + String.join(",", t.topTerms()));
            }
            Files.write(tmp.resolve("topics.tsv"), tp, StandardCharsets.UTF_8);
            if (Files.exists(dir)) {
                Path old = dir.resolveSibling(dir.getFileName() + ".old");
                deleteTree(old);
                Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.createDirectories(dir.getParent());
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the topic model to " + dir, e);
        }
    }

    /** Reads a model written by {@link #save}; a damaged file is reported with its name and line. */
    public static TopicModel load(Path dir) {
        try {
            Map<String, String> props = new LinkedHashMap<>();
            for (String l : Files.readAllLines(dir.resolve("model.properties"), StandardCharsets.UTF_8)) {
                int eq = l.indexOf('=');
                if (!l.startsWith("#") && eq > 0) {
                    props.put(l.substring(0, eq), l.substring(eq + 1));
                }
            }
            List<String> terms = new ArrayList<>();
            List<Double> idf = new ArrayList<>();
            List<String> vocab = Files.readAllLines(dir.resolve("vocabulary.tsv"), StandardCharsets.UTF_8);
            for (int i = 0; i < vocab.size(); i++) {
                String[] p = vocab.get(i).split("\t");
                if (p.length != 2) {
                    throw TopicsErrors.damagedModel(dir.resolve("vocabulary.tsv"), i + 1, vocab.get(i));
                }
                terms.add(p[0]);
                idf.add(Double.parseDouble(p[1]));
            }
            Vectorizer vec = new Vectorizer(terms, idf.stream().mapToDouble(Double::doubleValue).toArray());
            List<Cluster> clusters = new ArrayList<>();
            List<String> cl = Files.readAllLines(dir.resolve("clusters.tsv"), StandardCharsets.UTF_8);
            for (int i = 0; i < cl.size(); i++) {
                String[] p = cl.get(i).split("\t", -1);
                if (p.length != 2) {
                    throw TopicsErrors.damagedModel(dir.resolve("clusters.tsv"), i + 1, cl.get(i));
                }
                double[] c = new double[vec.size()];
                if (!p[1].isEmpty()) {
                    for (String kv : p[1].split(",")) {
                        int colon = kv.indexOf(':');
                        c[Integer.parseInt(kv.substring(0, colon))] = Double.parseDouble(kv.substring(colon + 1));
                    }
                }
                clusters.add(new Cluster(Integer.parseInt(p[0]), c));
            }
            List<Topic> topics = new ArrayList<>();
            List<String> tp = Files.readAllLines(dir.resolve("topics.tsv"), StandardCharsets.UTF_8);
            for (int i = 0; i < tp.size(); i++) {
                String[] p = tp.get(i).split("\t", -1);
                if (p.length != 4) {
                    throw TopicsErrors.damagedModel(dir.resolve("topics.tsv"), i + 1, tp.get(i));
                }
                topics.add(new Topic(Integer.parseInt(p[0]), p[1], p[2], p[3].isEmpty() ? List.of() : Arrays.asList(p[3].split(","))));
            }
            topics.sort(Comparator.comparingInt(Topic::id));
            return new TopicModel(Integer.parseInt(props.getOrDefault("version", "1")), props.getOrDefault("segmenter", "?"),
                    props.getOrDefault("fitted_months", "?"), Long.parseLong(props.getOrDefault("fitted_cases", "0")), vec, clusters, topics,
                    info(props));
        } catch (IOException | RuntimeException e) {
            if (e instanceof io.minqing.contract.MinqingException me) {
                throw me;
            }
            throw TopicsErrors.unreadableModel(dir, e);
        }
    }

    private static Map<String, String> info(Map<String, String> props) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : INFO_KEYS) {
            if (props.containsKey(k)) {
                out.put(k, props.get(k));
            }
        }
        return out;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TopicModel(%s, %d clusters, %d topics, %d terms)", versionName(), clusters.size(),
                topics.size(), vectorizer.size());
    }
}
