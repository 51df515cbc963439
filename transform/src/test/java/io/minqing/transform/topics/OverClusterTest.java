package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Over-clustering: f·k k-means clusters merged to k by average linkage, then Lloyd at k ({@code topics.over-cluster}). */
class OverClusterTest {

    private static Vectorizer.Sparse v(double x, double y) {
        return new Vectorizer.Sparse(new int[] {0, 1}, new double[] {x, y});
    }

    @Test
    void averageLinkMergesThePairWhoseCasesAreMostAlikeOnAverage() {
        // four fine clusters of one case each: (1,0), (1,0), (0,1), (0.6,0.8)
        // mean cosines: 0–1 1.0, 0–3 0.6, 1–3 0.6, 2–3 0.8, 0–2 0, 1–2 0 → merge 0 and 1 first;
        // then {0,1}–3 = (0.6 + 0.6) / 2 = 0.6 < 2–3 = 0.8 → merge 2 and 3: two clusters {0,1}, {2,3}
        List<Vectorizer.Sparse> xs = List.of(v(1, 0), v(1, 0), v(0, 1), v(0.6, 0.8));
        assertArrayEquals(new int[] {0, 0, 1, 1}, TopicFitter.mergeAverageLink(xs, 2, new int[] {0, 1, 2, 3}, 4, 2));
        // down to three: only the first merge; clusters numbered by first appearance among the cases
        assertArrayEquals(new int[] {0, 0, 1, 2}, TopicFitter.mergeAverageLink(xs, 2, new int[] {0, 1, 2, 3}, 4, 3));
    }

    @Test
    void averageNotCentroidLinkage() {
        // fine clusters A = {(1,0), (0.8,0.6)}, B = {(0.6,0.8)}, C = {(0,1)}
        // average link: A–B = (0.6 + 0.96) / 2 = 0.78, B–C = 0.8, A–C = (0 + 0.6) / 2 = 0.3 → B joins C
        // (the cosine of their normalised centroids, 0.822 for A–B, would join A and B)
        List<Vectorizer.Sparse> xs = List.of(v(1, 0), v(0.8, 0.6), v(0.6, 0.8), v(0, 1));
        assertArrayEquals(new int[] {0, 0, 1, 1}, TopicFitter.mergeAverageLink(xs, 2, new int[] {0, 0, 1, 2}, 3, 2));
    }

    @Test
    void anOverClusteredFitFindsThePlantedTopicsAndIsReproducible() {
        // three topics, 30 cases each, every case 3 of its topic's 5 words (rotating) plus one word shared by all
        String[][] topics = {{"充电", "电动车", "飞线", "楼道", "插座"}, {"噪音", "施工", "夜间", "工地", "扰民"},
            {"学校", "老师", "学生", "补课", "学费"}};
        List<Doc> docs = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 30; i++) {
                List<String> words = List.of(topics[t][i % 5], topics[t][(i + 1) % 5], topics[t][(i + 2) % 5], "情况");
                docs.add(new Doc(Doc.key("s", t + "-" + (100 + i)), "s", t + "-" + (100 + i), "c", null, "2020-01", List.of(),
                        words, ""));
            }
        }
        TopicFitter.Params p = new TopicFitter.Params(TopicFitter.Method.KMEANS, 3, 2, 0.9, 100, 50, 5L, 0, 4);
        TopicFitter.Fit fit = new TopicFitter(p).fit(TopicFitter.inKeyOrder(docs));
        Set<Integer> seen = new HashSet<>();
        for (int t = 0; t < 3; t++) {
            int c = fit.clusterOf().get(Doc.key("s", t + "-100"));
            for (int i = 0; i < 30; i++) {
                assertEquals(c, fit.clusterOf().get(Doc.key("s", t + "-" + (100 + i))), "topic " + t + " case " + i);
            }
            seen.add(c);
        }
        assertEquals(3, seen.size());
        TopicFitter.Fit again = new TopicFitter(p).fit(TopicFitter.inKeyOrder(docs));
        assertEquals(fit.clusterOf(), again.clusterOf());
        assertArrayEquals(fit.centroids(), again.centroids());
        // f·k = 12 above the cap of 10: k-means at k directly, the same fit as f = 1
        TopicFitter.Fit capped = new TopicFitter(new TopicFitter.Params(TopicFitter.Method.KMEANS, 3, 2, 0.9, 100, 50, 5L, 0, 4, 10))
                .fit(TopicFitter.inKeyOrder(docs));
        TopicFitter.Fit plain = new TopicFitter(new TopicFitter.Params(TopicFitter.Method.KMEANS, 3, 2, 0.9, 100, 50, 5L, 0, 1))
                .fit(TopicFitter.inKeyOrder(docs));
        assertEquals(plain.clusterOf(), capped.clusterOf());
        assertArrayEquals(plain.centroids(), capped.centroids());
    }
}
