package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Naming, merging and stable ids without Spark: fits written by hand over a six-word vocabulary. */
class TopicModelBuilderTest {

    static final Vectorizer VOCAB = new Vectorizer(List.of("电动车", "充电", "违建", "搭建", "噪音", "装修"),
            new double[] {1, 1, 1, 1, 1, 1});

    static TopicFitter.Fit fit(double[][] centroids, int[] sizes, int[][] seedHits) {
        // every seed word of an entry hit by the entry's cases (broad), unless a test says otherwise
        int[][][] words = new int[seedHits.length][][];
        for (int c = 0; c < seedHits.length; c++) {
            words[c] = new int[seedHits[c].length][];
            for (int e = 0; e < seedHits[c].length; e++) {
                words[c][e] = new int[] {seedHits[c][e], seedHits[c][e]};
            }
        }
        return fit(centroids, sizes, seedHits, words);
    }

    static TopicFitter.Fit fit(double[][] centroids, int[] sizes, int[][] seedHits, int[][][] wordHits) {
        for (double[] c : centroids) {
            TopicFitter.normalise(c);
        }
        return new TopicFitter.Fit(VOCAB, centroids, Map.of(), Map.of(), 100, sizes, seedHits, wordHits, List.of(),
                KChooser.Choice.user(centroids.length));
    }

    @Test
    void firstFitNumbersTopicsBySizeAndLabelsThemFromTopTerms() {
        // cluster 0: noise (size 20), cluster 1: e-bike (size 50), cluster 2: building (size 30)
        TopicFitter.Fit f = fit(new double[][] {{0, 0, 0, 0, 2, 1}, {2, 1, 0, 0, 0, 0}, {0, 0, 1, 2, 0, 0}}, new int[] {20, 50, 30},
                new int[3][0]);
        TopicModel m = new TopicModelBuilder(Taxonomy.none(), 0.5, 0.5).build(f, "seg", "2020-01..2021-06", null).model();
        assertEquals(1, m.version());
        // ids by size: e-bike 1, building 2, noise 3; label = top terms by weight joined with ·
        assertEquals("电动车·充电", m.label(1));
        assertEquals("搭建·违建", m.label(2));
        assertEquals("噪音·装修", m.label(3));
        // a case about 充电 only: cosines with the unit centroids are 1/√5 = 0.447 (e-bike) and 0 → topic 1
        TopicModel.Assignment a = m.assign(List.of("充电"), List.of());
        assertEquals(1, a.topicId());
        assertEquals(1 / Math.sqrt(5), a.score(), 1e-12);
        assertEquals(TopicModel.UNASSIGNED_ID, m.assign(List.of("小区"), List.of("未知词")).topicId());
    }

    @Test
    void taxonomyNamesAndMergesClusters() {
        // two e-bike clusters (sizes 30 and 20) both have ≥ half of their cases with a seed word of 电动车充电 → one topic
        Taxonomy tax = Taxonomy.parse(Path.of("t"), List.of("电动车充电: 电动车, 充电, 飞线", "违章搭建: 违建, 搭建"));
        int[][] hits = {{25, 0}, {10, 0}, {0, 12}};
        TopicFitter.Fit f = fit(new double[][] {{2, 1, 0, 0, 0, 0}, {1, 2, 0, 0, 0, 0}, {0, 0, 1, 2, 0, 0}}, new int[] {30, 20, 24}, hits);
        TopicModel m = new TopicModelBuilder(tax, 0.5, 0.5).build(f, "seg", "-", null).model();
        // shares: cluster 0 25/30 = 0.83, cluster 1 10/20 = 0.50 (≥ 0.5), cluster 2 12/24 = 0.50 → all named
        assertEquals(2, m.topics().size());
        assertEquals("电动车充电", m.label(1));
        assertEquals("taxonomy", m.topicsById().get(1).labelSource());
        assertEquals("违章搭建", m.label(2));
        assertEquals(3, m.clusters().size());
        assertEquals(List.of(1, 1, 2), m.clusters().stream().map(TopicModel.Cluster::topicId).toList());
    }

    @Test
    void refitKeepsIdsOfMatchingTopicsAndNumbersNewOnesAfterTheOld(@TempDir Path dir) throws Exception {
        TopicFitter.Fit first = fit(new double[][] {{2, 1, 0, 0, 0, 0}, {0, 0, 1, 2, 0, 0}, {0, 0, 0, 0, 2, 1}}, new int[] {50, 30, 20},
                new int[3][0]);
        TopicModel v1 = new TopicModelBuilder(Taxonomy.none(), 0.5, 0.5).build(first, "seg", "-", null).model();
        v1.save(dir.resolve("topics"));
        TopicModel loaded = TopicModel.load(dir.resolve("topics"));
        assertEquals(v1.topics(), loaded.topics());
        // refit: clusters come out in another order; the noise cluster is gone; a new 装修-only cluster appears
        //   new A = (0,0,2,1,0,0): cosine with old building (0,0,1,2,0,0) = (2·1 + 1·2)/5 = 0.8 → keeps id 2
        //   new B = (3,1,0,0,0,0): cosine with old e-bike (2,1,...) = (6 + 1)/(√10·√5) = 0.990 → keeps id 1
        //   new C = (0,0,0,0,0,1): cosine with old noise (0,…,2,1) = 1/√5 = 0.447 < 0.5 → new id 4; old 3 retired
        TopicFitter.Fit second = fit(new double[][] {{0, 0, 2, 1, 0, 0}, {3, 1, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 1}}, new int[] {40, 60, 10},
                new int[3][0]);
        TopicModelBuilder.Built v2 = new TopicModelBuilder(Taxonomy.none(), 0.5, 0.5).build(second, "seg", "-", loaded);
        assertEquals(2, v2.model().version());
        assertEquals(Set.of(1, 2, 4), v2.model().topicsById().keySet());
        assertEquals("电动车·充电", v2.model().label(1));
        assertEquals("违建·搭建", v2.model().label(2));
        assertEquals("装修", v2.model().label(4));
        TopicModelBuilder.IdMapping bike = v2.idMap().stream().filter(m -> m.oldId() == 1).findFirst().orElseThrow();
        assertEquals(7 / (Math.sqrt(10) * Math.sqrt(5)), bike.similarity(), 1e-12);
        TopicModelBuilder.IdMapping retired = v2.idMap().stream().filter(m -> m.oldId() == 3).findFirst().orElseThrow();
        assertNull(retired.newId());
        assertEquals(List.of("1\t电动车·充电\t1", "2\t搭建·违建\t2", "3\t噪音·装修\t", "\t\t4"),
                v2.idMap().stream().map(m -> (m.oldId() < 0 ? "" : m.oldId()) + "\t" + m.oldLabel() + "\t"
                        + (m.newId() == null ? "" : m.newId())).toList());
        assertEquals(true, Files.exists(dir.resolve("topics/vocabulary.tsv")));
    }

    @Test
    void damagedModelFileNamesFileAndLine(@TempDir Path dir) throws Exception {
        TopicFitter.Fit f = fit(new double[][] {{1, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}}, new int[] {5, 5}, new int[2][0]);
        new TopicModelBuilder(Taxonomy.none(), 0.5, 0.5).build(f, "seg", "-", null).model().save(dir.resolve("topics"));
        Path topics = dir.resolve("topics/topics.tsv");
        Files.writeString(topics, Files.readString(topics) + "oops\n");
        io.minqing.contract.MinqingException e = org.junit.jupiter.api.Assertions.assertThrows(io.minqing.contract.MinqingException.class,
                () -> TopicModel.load(dir.resolve("topics")));
        assertEquals("The saved topic model is damaged: " + topics + " line 3 reads 'oops'. Restore the folder from a backup or "
                + "run 'minqing topics --refit' to fit a new model (topic ids are then mapped from the damaged model only if it "
                + "can be read).", e.getMessage());
    }

    @Test
    void aTopicNoRuleBeforeNamesIsLabelledByAFragmentAndOnlyATopicWithoutTextByItsTerms() {
        // cluster 0 (noise: 噪音 2, 装修 1 → weights 2/√5, 1/√5), 20 cases without titles: 3 write 装修 噪音, 17 only 噪音.
        // phrase: a run must be in max(3, ⌈20 % × 20⌉) = 4 cases → none; fragment: 装修噪音 in 3 cases, with the strongest
        // term 噪音 → 装修噪音 (source fragment). Cluster 1 (e-bike, 5 cases) has no text → top terms 电动车·充电.
        Map<String, Integer> clusterOf = new java.util.TreeMap<>();
        Map<String, Double> scoreOf = new java.util.TreeMap<>();
        Map<String, List<String>> descriptions = new java.util.TreeMap<>();
        for (int i = 0; i < 20; i++) {
            String k = String.format("n%02d", i);
            clusterOf.put(k, 0);
            scoreOf.put(k, 1.0 - i / 100.0);
            descriptions.put(k, i < 3 ? List.of("装修", "噪音") : List.of("噪音"));
        }
        for (int i = 0; i < 5; i++) {
            clusterOf.put("e" + i, 1);
            scoreOf.put("e" + i, 0.9);
        }
        double[][] centroids = {{0, 0, 0, 0, 2, 1}, {2, 1, 0, 0, 0, 0}};
        for (double[] c : centroids) {
            TopicFitter.normalise(c);
        }
        TopicFitter.Fit f = new TopicFitter.Fit(VOCAB, centroids, clusterOf, scoreOf, 25, new int[] {20, 5}, new int[2][0],
                new int[2][0][], List.of(), KChooser.Choice.user(2));
        TopicModel m = new TopicModelBuilder(Taxonomy.none(), 0.5, 0.5).build(f, "seg", "-", null, Map.of(), descriptions).model();
        assertEquals("装修噪音", m.label(1));
        assertEquals("fragment", m.topicsById().get(1).labelSource());
        assertEquals("电动车·充电", m.label(2));
        assertEquals("terms", m.topicsById().get(2).labelSource());
    }
}
