package io.minqing.transform.topics;

import io.minqing.contract.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The topic stage's steps that do not depend on the engine: segmenting one case, the fit sample, fitting or loading
 * the model, a case's case_topics row, the topics mart and the notice when there is nothing to fit. Each engine
 * ({@link EmbeddedTopicsJob} on DuckDB, {@link TopicsJob} on Spark) only reads, distributes and writes around these,
 * so both give the same marts.
 */
public final class TopicsCore {

    private TopicsCore() {
    }

    /** Checks the staged cases and the taxonomy file exist (before any engine starts); returns the staged folder. */
    public static Path requireInput(TopicsConfig cfg) {
        Path staged = cfg.lake().staged("cases");
        if (!Files.isDirectory(staged)) {
            throw TopicsErrors.missingStaged(staged);
        }
        if (cfg.taxonomyFile() != null && !Files.isRegularFile(cfg.taxonomyFile())) {
            throw TopicsErrors.missingTaxonomy(cfg.taxonomyFile());
        }
        return staged;
    }

    /** What segments one case text (with or without the token cache). */
    @FunctionalInterface
    public interface Words extends java.io.Serializable {
        List<String> of(String cleanedText);
    }

    /** Staged case fields → one {@link Doc}: the text cleaned ({@link TextPrep}) and segmented. */
    public static Doc doc(TextPrep prep, Words words, String source, String caseId, String community, String address,
                          String month, String title, String description) {
        String place = prep.placeOf(address);
        String addressPlace = address == null || address.length() < 2 ? null : place;
        String t = prep.clean(title, address, addressPlace, community);
        String d = prep.clean(description, address, addressPlace, community);
        return new Doc(Doc.key(source, caseId), source, caseId, community, place, month, words.of(t), words.of(d), t);
    }

    /**
     * Whether a case is in the fit sample when the corpus exceeds {@code topics.fit-max-cases}: a fixed hash of its key
     * (CRC-32 of the UTF-8 bytes) below the sampled fraction, so both engines and every rerun pick the same cases.
     */
    public static boolean inFitSample(String key, long cases, int maxCases) {
        if (cases <= maxCases) {
            return true;
        }
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % 1_000_000L < (long) ((double) maxCases / cases * 1_000_000);
    }

    /** The saved or fitted model, or the reason there is none (too few cases with text). */
    public record ModelStep(TopicModel model, boolean fitted, List<TopicModelBuilder.IdMapping> idMap, String notice) {
    }

    /**
     * Loads the saved model, or fits one (first run or {@code --refit}) on the sample (any order; sorted by key here)
     * and saves it. When fewer than 5 × k sampled cases have text, no model is fitted and the notice says why.
     */
    public static ModelStep fitOrLoad(TopicsConfig cfg, Taxonomy taxonomy, String segmenterName, List<Doc> sample, String monthRange,
                                      Progress progress) {
        Path modelDir = cfg.modelDir();
        TopicModel previous = TopicModel.exists(modelDir) ? TopicModel.load(modelDir) : null;
        if (previous != null && !cfg.refit()) {
            progress.done("load topic model " + previous.versionName() + " (" + previous.topics().size() + " topics)",
                    previous.topics().size(), "topics");
            return new ModelStep(previous, false, List.of(), null);
        }
        long withText = sample.stream().filter(Doc::hasWords).count();
        if (withText < 5L * cfg.fit().k()) {
            String notice = TopicsErrors.tooFewTextsNotice(withText, cfg.fit().k());
            progress.done("no topic model: " + notice, withText, "cases with text");
            return new ModelStep(null, false, List.of(), notice);
        }
        List<Doc> ordered = TopicFitter.inKeyOrder(sample);
        List<java.util.Set<String>> seeds = taxonomy.entries().stream().map(Taxonomy.Entry::seeds).toList();
        TopicFitter.Fit fit;
        try {
            // k: the user's, or chosen by the stability criterion among the candidates the sample can hold (KChooser)
            List<Integer> grid = cfg.kCandidates().stream().filter(k -> 5L * k <= withText).toList();
            fit = new TopicFitter(cfg.fit()).fit(ordered, seeds, grid);
        } catch (IllegalStateException tooSparse) {
            // fewer than k cases share a word of the vocabulary (e.g. every text different): nothing to cluster
            String notice = TopicsErrors.tooFewTextsNotice(withText, cfg.fit().k()) + " (" + tooSparse.getMessage() + ")";
            progress.done("no topic model: " + notice, withText, "cases with text");
            return new ModelStep(null, false, List.of(), notice);
        }
        Map<String, TitleLabeler.Title> titles = new java.util.HashMap<>();
        Map<String, List<String>> descriptions = new java.util.HashMap<>();
        for (Doc d : ordered) {
            titles.put(d.key(), new TitleLabeler.Title(d.titleText(), d.titleWords()));
            descriptions.put(d.key(), d.descriptionWords());
        }
        TopicModelBuilder.Built built = new TopicModelBuilder(taxonomy, cfg.taxonomyMinShare(), cfg.refitMinSimilarity())
                .build(fit, segmenterName, monthRange, previous, titles, descriptions);
        TopicModel model = built.model();
        model.save(modelDir);
        if (previous != null) {
            TopicsJob.writeIdMap(modelDir.resolve("id-map.tsv"), previous, model, built.idMap());
        }
        progress.done((previous == null ? "fit" : "refit") + " topic model " + model.versionName() + " (" + model.topics().size()
                + " topics; k = " + model.k() + (fit.kChoice().byCriterion() ? " chosen by " + fit.kChoice().criterion()
                + (fit.kChoice().scoresText().isEmpty() ? "" : " among " + fit.kChoice().scoresText()) + atGridEnd(fit.kChoice())
                : " set by the user")
                + (model.info().containsKey("taxonomy_skipped") && !model.info().get("taxonomy_skipped").isEmpty()
                ? "; taxonomy entries skipped: " + model.info().get("taxonomy_skipped") : "") + ")", model.fittedCases(), "cases");
        return new ModelStep(model, true, built.idMap(), null);
    }

    /**
     * A note when the criterion chose the largest candidate it compared: the data may hold more stable topics than the
     * grid allows, which the reader should know before taking k as the number of issues.
     */
    static String atGridEnd(KChooser.Choice c) {
        if (!c.byCriterion() || c.scores().size() < 2 || c.k() != java.util.Collections.max(c.scores().keySet())) {
            return "";
        }
        return "; the largest candidate: the data may hold more topics, compare larger ones with topics.k-candidates";
    }

    /** The case_topics row of a case, in the mart's column order. */
    public static Object[] caseTopicRow(Doc d, TopicModel model) {
        TopicModel.Assignment a = model.assign(d.titleWords(), d.descriptionWords());
        return row(d.caseId(), d.source(), d.community(), d.place(), a.topicId(), model.label(a.topicId()), a.score(),
                model.versionName(), d.receivedMonth());
    }

    /** Column positions of case_topics rows built by {@link #caseTopicRow}. */
    static final int CT_CASE_ID = 0;
    static final int CT_SOURCE = 1;
    static final int CT_COMMUNITY = 2;
    static final int CT_PLACE = 3;
    static final int CT_TOPIC = 4;
    static final int CT_SCORE = 6;
    static final int CT_MONTH = 8;

    /** Most typical first: score descending, then case id, then source (the order of examples in every mart). */
    static final Comparator<Object[]> TYPICAL_FIRST = Comparator.comparingDouble((Object[] r) -> -(double) r[CT_SCORE])
            .thenComparing(r -> (String) r[CT_CASE_ID]).thenComparing(r -> (String) r[CT_SOURCE]);

    /** topics mart rows from the topic sizes and up to 5 most typical case ids per topic. */
    public static List<Object[]> topicsRows(TopicModel model, Map<Integer, Long> size, Map<Integer, List<String>> examples) {
        long total = size.values().stream().mapToLong(Long::longValue).sum();
        List<Object[]> rows = new ArrayList<>();
        List<TopicModel.Topic> topics = new ArrayList<>(model.topics());
        if (size.containsKey(TopicModel.UNASSIGNED_ID)) {
            topics.add(0, new TopicModel.Topic(TopicModel.UNASSIGNED_ID, TopicModel.UNASSIGNED_LABEL, "terms", List.of()));
        }
        for (TopicModel.Topic t : topics) {
            long s = size.getOrDefault(t.id(), 0L);
            rows.add(row(t.id(), t.label(), t.labelSource(), t.topTerms(), examples.getOrDefault(t.id(), List.of()), s,
                    total == 0 ? 0.0 : (double) s / total, model.versionName(), model.k(), model.kSource(), model.kCriterion(),
                    model.kScore()));
        }
        return rows;
    }

    /** In-memory aggregation of case_topics rows (the embedded engine; Spark aggregates the same with groupBy). */
    public record Aggregates(Map<Integer, Long> topicSizes, Map<Integer, List<String>> topicExamples, List<TopicSeries.Count> counts,
                             List<TopicSeries.Top> top) {
    }

    static Aggregates aggregate(List<Object[]> caseTopics) {
        Aggregator a = new Aggregator();
        caseTopics.forEach(a::add);
        return a.result();
    }

    /**
     * The same aggregation row by row, in any order and without keeping the rows: topic sizes, the 5 most typical case
     * ids per topic and per (community, place, topic, month) cell ({@link #TYPICAL_FIRST}, a total order, so the kept 5
     * are those a full sort would put first), and the cell counts. Memory grows with the cells, not the cases. Not
     * thread-safe.
     */
    static final class Aggregator {
        private record Cell(String community, String place, int topic, String month) {
        }

        private final Map<Integer, Long> sizes = new TreeMap<>();
        private final Map<Integer, List<Object[]>> examples = new TreeMap<>();
        private final Map<Cell, long[]> n = new java.util.HashMap<>();
        private final Map<Cell, List<Object[]>> topOf = new java.util.HashMap<>();

        void add(Object[] r) {
            int topic = (Integer) r[CT_TOPIC];
            sizes.merge(topic, 1L, Long::sum);
            keepBest(examples.computeIfAbsent(topic, x -> new ArrayList<>(6)), r);
            Cell c = new Cell((String) r[CT_COMMUNITY], (String) r[CT_PLACE], topic, (String) r[CT_MONTH]);
            n.computeIfAbsent(c, x -> new long[1])[0]++;
            keepBest(topOf.computeIfAbsent(c, x -> new ArrayList<>(6)), r);
        }

        /** Inserts r into a list of at most 5 rows kept in TYPICAL_FIRST order. */
        private static void keepBest(List<Object[]> best, Object[] r) {
            int i = best.size();
            while (i > 0 && TYPICAL_FIRST.compare(r, best.get(i - 1)) < 0) {
                i--;
            }
            if (i < 5) {
                best.add(i, r);
                if (best.size() > 5) {
                    best.remove(5);
                }
            }
        }

        /** Adds another aggregation's state (of other cases): the result is that of one aggregation over both. */
        void merge(Aggregator other) {
            other.sizes.forEach((t, v) -> sizes.merge(t, v, Long::sum));
            other.examples.forEach((t, rs) -> {
                List<Object[]> best = examples.computeIfAbsent(t, x -> new ArrayList<>(6));
                rs.forEach(r -> keepBest(best, r));
            });
            other.n.forEach((c, v) -> n.computeIfAbsent(c, x -> new long[1])[0] += v[0]);
            other.topOf.forEach((c, rs) -> {
                List<Object[]> best = topOf.computeIfAbsent(c, x -> new ArrayList<>(6));
                rs.forEach(r -> keepBest(best, r));
            });
        }

        /** Columns of {@link #stateRows}: what a month's aggregation is stored as (docs/topics.md). */
        static final List<io.minqing.contract.Column> STATE = List.of(
                io.minqing.contract.Column.required("kind", "", io.minqing.contract.ColumnType.STRING, "topic or cell"),
                io.minqing.contract.Column.optional("community", "", io.minqing.contract.ColumnType.STRING, ""),
                io.minqing.contract.Column.optional("place", "", io.minqing.contract.ColumnType.STRING, ""),
                io.minqing.contract.Column.required("topic_id", "", io.minqing.contract.ColumnType.INT, ""),
                io.minqing.contract.Column.optional("month", "", io.minqing.contract.ColumnType.STRING, ""),
                io.minqing.contract.Column.required("n", "", io.minqing.contract.ColumnType.LONG, "cases of the topic or cell"),
                io.minqing.contract.Column.required("rank", "", io.minqing.contract.ColumnType.INT, "0 = most typical"),
                io.minqing.contract.Column.optional("case_id", "", io.minqing.contract.ColumnType.STRING, ""),
                io.minqing.contract.Column.optional("source", "", io.minqing.contract.ColumnType.STRING, ""),
                io.minqing.contract.Column.required("score", "", io.minqing.contract.ColumnType.DOUBLE, ""));

        /**
         * The whole state as rows of {@link #STATE}: per topic and per cell, its count and its kept rows (case id, source,
         * score) in order. {@link #fromState} rebuilds an equal aggregator from them.
         */
        List<Object[]> stateRows() {
            List<Object[]> out = new ArrayList<>();
            examples.forEach((t, rs) -> {
                for (int i = 0; i < rs.size(); i++) {
                    Object[] r = rs.get(i);
                    out.add(row("topic", null, null, t, null, sizes.get(t), i, r[CT_CASE_ID], r[CT_SOURCE], r[CT_SCORE]));
                }
            });
            topOf.forEach((c, rs) -> {
                for (int i = 0; i < rs.size(); i++) {
                    Object[] r = rs.get(i);
                    out.add(row("cell", c.community(), c.place(), c.topic(), c.month(), n.get(c)[0], i, r[CT_CASE_ID], r[CT_SOURCE],
                            r[CT_SCORE]));
                }
            });
            return out;
        }

        /** Rebuilds an aggregator from {@link #stateRows} (any row order). */
        static Aggregator fromState(List<Object[]> state) {
            Aggregator a = new Aggregator();
            List<Object[]> sorted = new ArrayList<>(state);
            sorted.sort(Comparator.comparingInt(s -> (Integer) s[6]));
            for (Object[] s : sorted) {
                int topic = (Integer) s[3];
                long count = (Long) s[5];
                Object[] r = new Object[9];
                r[CT_CASE_ID] = s[7];
                r[CT_SOURCE] = s[8];
                r[CT_SCORE] = s[9];
                r[CT_TOPIC] = topic;
                if ("topic".equals(s[0])) {
                    a.sizes.put(topic, count);
                    a.examples.computeIfAbsent(topic, x -> new ArrayList<>(6)).add(r);
                } else {
                    Cell c = new Cell((String) s[1], (String) s[2], topic, (String) s[4]);
                    r[CT_COMMUNITY] = c.community();
                    r[CT_PLACE] = c.place();
                    r[CT_MONTH] = c.month();
                    a.n.computeIfAbsent(c, x -> new long[] {count});
                    a.topOf.computeIfAbsent(c, x -> new ArrayList<>(6)).add(r);
                }
            }
            return a;
        }

        /** Cases aggregated. */
        long cases() {
            return sizes.values().stream().mapToLong(Long::longValue).sum();
        }

        Aggregates result() {
            Map<Integer, List<String>> ex = new TreeMap<>();
            examples.forEach((t, rs) -> ex.put(t, rs.stream().map(r -> (String) r[CT_CASE_ID]).collect(java.util.stream.Collectors.toCollection(ArrayList::new))));
            List<TopicSeries.Count> counts = new ArrayList<>();
            n.forEach((c, v) -> counts.add(new TopicSeries.Count(c.community(), c.place(), c.topic(), c.month(), v[0])));
            List<TopicSeries.Top> top = new ArrayList<>();
            topOf.forEach((c, rs) -> rs.forEach(r -> top.add(new TopicSeries.Top(c.community(), c.place(), c.topic(), c.month(),
                    (String) r[CT_CASE_ID], (double) r[CT_SCORE]))));
            return new Aggregates(new TreeMap<>(sizes), ex, counts, top);
        }
    }

    /** The notice file a report reads to say why there are no topics (deleted when topics are written). */
    public static Path noticeFile(TopicsConfig cfg) {
        return cfg.lake().quality().resolve("topics-notice.txt");
    }

    static void writeNotice(TopicsConfig cfg, String notice) {
        Path f = noticeFile(cfg);
        try {
            if (notice == null) {
                Files.deleteIfExists(f);
            } else {
                Files.createDirectories(f.getParent());
                Files.writeString(f, notice + System.lineSeparator(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + f, e);
        }
    }

    static Object[] row(Object... values) {
        return values;
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }

    /** The progress line of the detector (both engines). */
    static String detectionLine(TopicSeries.Detection det, TopicSeries series, TopicsConfig cfg) {
        return "recurring_issues (dispersion " + det.dispersionText() + "; chance cluster flags a month "
                + String.format(Locale.ROOT, "%.3f", det.meanClusterChance()) + " (bound " + cfg.detector().clusterFalseAlarms()
                + "); " + det.flaggedInLatestMonth() + " flagged in " + series.latestMonth() + ")";
    }
}
