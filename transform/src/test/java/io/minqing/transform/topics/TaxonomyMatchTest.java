package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A taxonomy name only where several seed words match; an entry without support in the corpus seeds nothing. */
class TaxonomyMatchTest {

    static final Vectorizer VOCAB = new Vectorizer(List.of("噪音", "装修", "施工", "工地", "渣土", "扰民"), new double[] {1, 1, 1, 1, 1, 1});
    static final Taxonomy NOISE = Taxonomy.parse(Path.of("t"), List.of("噪音扰民: 噪音, 扰民, 装修, 施工"));

    /** Two clusters of 20 cases with seed-word counts written by hand (seed order as in the vocabulary: 噪音, 装修, 施工, 扰民). */
    static TopicFitter.Fit fit(int[][] hitsAny, int[][][] words) {
        double[][] centroids = {{2, 1, 1, 0, 0, 1}, {0, 0, 2, 2, 1, 0}};
        for (double[] c : centroids) {
            TopicFitter.normalise(c);
        }
        return new TopicFitter.Fit(VOCAB, centroids, Map.of(), Map.of(), 40, new int[] {20, 20}, hitsAny, words, List.of(),
                KChooser.Choice.user(2));
    }

    @Test
    void oneIncidentalSeedWordDoesNotNameACluster() {
        // cluster 0 (noise): 12 of 20 cases say 噪音, 8 装修, 3 施工, 5 扰民; 17 have at least one → share 0.85, and the
        //   second most frequent seed word (装修, 8/20 = 0.40) reaches 0.05 → named 噪音扰民
        // cluster 1 (construction): all 20 say 施工, no other seed word → share 20/20 = 1.0 ≥ 0.5 (the old rule named it
        //   噪音扰民), but the second seed word is in 0/20 < 0.05 of its cases: one word carries the match → not named
        TopicFitter.Fit f = fit(new int[][] {{17}, {20}}, new int[][][] {{{12, 8, 3, 5}}, {{0, 0, 20, 0}}});
        assertEquals(0, TaxonomyMatch.nameOf(f, 0, NOISE, 0.5));
        assertEquals(-1, TaxonomyMatch.nameOf(f, 1, NOISE, 0.5));
        TopicModel m = new TopicModelBuilder(NOISE, 0.5, 0.5).build(f, "seg", "-", null).model();
        // the unnamed cluster keeps its term label: 施工 and 工地 tie at weight 2 (ties by term: 工 U+5DE5 before 施 U+65BD), then 渣土
        assertEquals(List.of("噪音扰民", "工地·施工·渣土"), m.topics().stream().map(TopicModel.Topic::label).sorted().toList());
        assertEquals("taxonomy", m.topics().stream().filter(t -> t.label().equals("噪音扰民")).findFirst().orElseThrow().labelSource());
        // a second seed word in exactly 1 of 20 = 0.05 of the cases is enough
        TopicFitter.Fit edge = fit(new int[][] {{17}, {11}}, new int[][][] {{{12, 8, 3, 5}}, {{1, 0, 11, 0}}});
        assertEquals(0, TaxonomyMatch.nameOf(edge, 1, NOISE, 0.5));
    }

    @Test
    void aSingleSeedEntryNeedsNoSecondWord() {
        Taxonomy single = Taxonomy.parse(Path.of("t"), List.of("施工: 施工"));
        TopicFitter.Fit f = fit(new int[][] {{3}, {20}}, new int[][][] {{{3}}, {{20}}});
        assertEquals(-1, TaxonomyMatch.nameOf(f, 0, single, 0.5)); // 3/20 < 0.5
        assertEquals(0, TaxonomyMatch.nameOf(f, 1, single, 0.5));
    }

    static Doc doc(String id, String... words) {
        return new Doc(Doc.key("s", id), "s", id, "c", null, "2020-01", List.of(), List.of(words), "");
    }

    @Test
    void anEntryWithoutSupportSeedsNothingAndTheModelSaysSo() {
        // 40 cases: 20 about noise (噪音 装修 夜间 …), 20 about construction (施工 工地 渣土 …); no case says 暖气 or 供暖
        List<Doc> docs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = (i < 10 ? "0" : "") + i;
            docs.add(i % 2 == 0 ? doc("n" + id, "噪音", "装修", "夜间") : doc("n" + id, "噪音", "扰民", "夜间"));
            docs.add(doc("w" + id, "施工", "工地", "渣土"));
        }
        Taxonomy tax = Taxonomy.parse(Path.of("t"), List.of("供暖: 暖气, 供暖", "噪音扰民: 噪音, 扰民, 装修", "工地扬尘: 施工, 扬尘, 粉尘"));
        TopicFitter.Params p = new TopicFitter.Params(TopicFitter.Method.KMEANS, 2, 2, 0.6, 100, 20, 7);
        TopicFitter.Fit fit = new TopicFitter(p).fit(TopicFitter.inKeyOrder(docs), tax.entries().stream().map(Taxonomy.Entry::seeds).toList());
        // minimum support max(5, ⌈0.005 · 40⌉) = 5 cases
        // 供暖: no case → support 0 → skipped
        // 噪音扰民: best entry of the 20 noise cases; 噪音 in 20, 装修 in 10, 扰民 in 10 → second 10/20 ≥ 0.05 → seeded
        // 工地扬尘: best entry of the 20 construction cases, but only 施工 occurs (扬尘, 粉尘 never: second 0 < 0.05) → skipped
        assertEquals(new TaxonomyMatch.Support(0, 5, false, false), fit.seeding().get(0));
        assertEquals(new TaxonomyMatch.Support(20, 5, true, true), fit.seeding().get(1));
        assertEquals(new TaxonomyMatch.Support(20, 5, false, false), fit.seeding().get(2));
        TopicModel m = new TopicModelBuilder(tax, 0.5, 0.5).build(fit, "seg", "-", null).model();
        assertEquals("噪音扰民 (20)", m.info().get("taxonomy_seeded"));
        assertEquals("供暖 (support 0 < 5 cases); 工地扬尘 (one seed word carries the match)", m.info().get("taxonomy_skipped"));
        assertEquals(List.of("噪音扰民"), m.topics().stream().filter(t -> t.labelSource().equals("taxonomy")).map(TopicModel.Topic::label).toList());
    }

    @Test
    void atMostKEntriesSeedTheBestSupportedFirst() {
        List<TaxonomyMatch.Support> s = List.of(new TaxonomyMatch.Support(30, 5, true, false), new TaxonomyMatch.Support(50, 5, true, false),
                new TaxonomyMatch.Support(4, 5, true, false), new TaxonomyMatch.Support(40, 5, true, false));
        List<TaxonomyMatch.Support> seeded = TaxonomyMatch.seedable(s, 2);
        // supported: 30, 50, 40 (4 < 5 is not); k = 2 → the two largest, 50 and 40
        assertEquals(List.of(false, true, false, true), seeded.stream().map(TaxonomyMatch.Support::seeded).toList());
        assertEquals("more supported entries than k", seeded.get(0).reason());
        assertTrue(seeded.get(1).supported());
        assertFalse(seeded.get(2).supported());
    }
}
