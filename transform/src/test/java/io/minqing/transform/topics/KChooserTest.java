package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Choosing k by stability on corpora where the right k is obvious. */
class KChooserTest {

    static final List<List<String>> GROUPS = List.of(List.of("电动车", "充电", "飞线", "充电桩"), List.of("违建", "搭建", "加盖", "围墙"),
            List.of("噪音", "装修", "夜间", "吵闹"));

    /**
     * Three groups of 40 cases; every case of a group has the group's four words plus one word of its own (document
     * frequency 1, below min df 2, so it is not in the vocabulary): the cases of a group have identical vectors and
     * the groups share no word.
     */
    static final int PER_GROUP = 40;

    static List<Doc> threeGroups() {
        List<Doc> docs = new ArrayList<>();
        for (int g = 0; g < GROUPS.size(); g++) {
            for (int i = 0; i < PER_GROUP; i++) {
                List<String> words = new ArrayList<>(GROUPS.get(g));
                words.add("独" + g + "x" + i);
                String id = g + "-" + (i < 10 ? "0" : "") + i;
                docs.add(new Doc(Doc.key("s", id), "s", id, "c", null, "2020-01", List.of(), words, ""));
            }
        }
        return TopicFitter.inKeyOrder(docs);
    }

    static TopicFitter.Params params(int k) {
        return new TopicFitter.Params(TopicFitter.Method.KMEANS, k, 2, 0.5, 100, 20, 7);
    }

    @Test
    void threeSeparatedGroupsGiveKThree() {
        // k = 3: k-means++ puts its second and third centres on cases of the groups that have none (a case of a group
        //   that already has a centre has cosine 1 with it, weight (1 − 1)² = 0), so every run finds the three groups:
        //   the 4 runs agree exactly, ARI 1 for each of the 6 pairs, score 1.
        // k = 2: a run puts its two centres in two of the groups; the third group has cosine 0 with both and goes to
        //   the lower-index centre. Which group stays alone depends on the start, so runs disagree: score < 1.
        // k = 4, 5, 6: after three centres every weight is 0, the extra centres repeat a case, never win a case (ties
        //   go to the lower index), and the runs again find the three groups: score 1, a tie with k = 3 → the smaller k.
        // (120 cases allow k up to 6 at 20 cases per cluster.)
        TopicFitter.Fit fit = new TopicFitter(params(2)).fit(threeGroups(), List.of(), List.of(2, 3, 4, 5, 6));
        KChooser.Choice c = fit.kChoice();
        assertEquals(3, c.k());
        assertEquals("criterion", c.source());
        assertEquals(1.0, c.score(), 1e-12);
        assertEquals(1.0, c.scores().get(3), 1e-12);
        assertTrue(c.scores().get(2) < 1.0, c.scoresText());
        assertEquals(3, fit.centroids().length);
        // the three groups are the three clusters
        for (int g = 0; g < 3; g++) {
            int first = fit.clusterOf().get(Doc.key("s", g + "-00"));
            for (int i = 1; i < PER_GROUP; i++) {
                assertEquals(first, fit.clusterOf().get(Doc.key("s", g + "-" + (i < 10 ? "0" : "") + i)));
            }
        }
        assertEquals(3, fit.clusterOf().values().stream().distinct().count());
    }

    @Test
    void theUsersKIsUsedAndRecorded() {
        TopicFitter.Fit fit = new TopicFitter(params(4)).fit(threeGroups(), List.of());
        assertEquals(KChooser.Choice.user(4), fit.kChoice());
        assertEquals(4, fit.centroids().length);
    }

    @Test
    void candidatesNeedFiveCasesPerClusterAndTiesGoToTheSmallerK() {
        // 120 cases, at least 20 per cluster: k ≤ 6, so of 3, 5, 7, 8, 40 only 3 and 5 are compared; both score 1 → 3
        TopicFitter.Fit fit = new TopicFitter(params(2)).fit(threeGroups(), List.of(), List.of(3, 5, 7, 8, 40));
        assertEquals(3, fit.kChoice().k());
        assertEquals(List.of(3, 5), new ArrayList<>(new java.util.TreeMap<>(fit.kChoice().scores()).keySet()));
    }

    @Test
    void configSaysWhetherTheUserSetK() {
        TopicsConfig auto = TopicsConfig.from(Settings.empty(), Path.of("lake"), false, null);
        assertTrue(auto.chooseK());
        assertEquals(List.of(10, 15, 20, 25, 30, 35, 40), auto.kCandidates());
        TopicsConfig user = TopicsConfig.from(Settings.ofMap(Map.of("topics.k", "12")), Path.of("lake"), false, null);
        assertEquals(false, user.chooseK());
        assertEquals(12, user.fit().k());
        TopicsConfig grid = TopicsConfig.from(Settings.ofMap(Map.of("topics.k", "auto", "topics.k-candidates", "8, 4,6")), Path.of("lake"),
                false, null);
        assertEquals(List.of(4, 6, 8), grid.kCandidates());
        assertEquals(4, grid.fit().k());
    }

    @Test
    void aChoiceAtTheLargestCandidateIsSaidToBeOne() {
        java.util.Map<Integer, Double> scores = java.util.Map.of(10, 0.30, 20, 0.40, 40, 0.55);
        java.util.Map<Integer, Double> errors = java.util.Map.of(10, 0.01, 20, 0.01, 40, 0.01);
        assertTrue(TopicsCore.atGridEnd(new KChooser.Choice(40, "criterion", "stability", 0.55, scores, errors))
                .contains("the largest candidate"));
        assertEquals("", TopicsCore.atGridEnd(new KChooser.Choice(20, "criterion", "stability", 0.40, scores, errors)));
        assertEquals("", TopicsCore.atGridEnd(KChooser.Choice.user(40)));
        // one candidate compared (too few cases for the rest): nothing larger was possible, nothing to say
        assertEquals("", TopicsCore.atGridEnd(new KChooser.Choice(10, "criterion", "stability", 0.3, java.util.Map.of(10, 0.3),
                java.util.Map.of(10, 0.01))));
    }
}
