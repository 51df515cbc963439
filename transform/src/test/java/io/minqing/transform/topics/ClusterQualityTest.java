package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterQualityTest {

    @Test
    void identicalPartitionsScoreOneWhateverTheClusterNames() {
        ClusterQuality.Scores s = ClusterQuality.score(List.of("a", "a", "b", "b"), List.of(7, 7, 3, 3));
        assertEquals(1.0, s.nmi(), 1e-12);
        assertEquals(1.0, s.ari(), 1e-12);
        assertEquals(1.0, s.purity(), 1e-12);
    }

    @Test
    void handComputedSmallExample() {
        // labels  a a a b b b ; clusters 1 1 2 2 2 2
        // contingency: a→{1:2, 2:1}, b→{2:3}; rows 3,3; cols 2,4; n = 6
        // MI = 2/6 ln(6·2/(3·2)) + 1/6 ln(6·1/(3·4)) + 3/6 ln(6·3/(3·4))
        //    = (1/3) ln 2 + (1/6) ln 0.5 + (1/2) ln 1.5 = 0.2310491 − 0.1155245 + 0.2027326 = 0.3182572
        // H(labels) = ln 2 = 0.6931472; H(clusters) = −(1/3 ln 1/3 + 2/3 ln 2/3) = 0.3662041 + 0.2703101 = 0.6365142
        // NMI = 2·0.3182572 / (0.6931472 + 0.6365142) = 0.6365144 / 1.3296614 = 0.478704
        // ARI: Σ C(nij,2) = 1 + 0 + 3 = 4; Σ C(a,2) = 3 + 3 = 6; Σ C(b,2) = 1 + 6 = 7; C(6,2) = 15
        //      expected = 6·7/15 = 2.8; max = 6.5; ARI = (4 − 2.8) / (6.5 − 2.8) = 0.324324
        // purity = (2 + 3) / 6 = 0.833333
        ClusterQuality.Scores s = ClusterQuality.score(List.of("a", "a", "a", "b", "b", "b"), List.of(1, 1, 2, 2, 2, 2));
        assertEquals(0.478704, s.nmi(), 1e-6);
        assertEquals(0.324324, s.ari(), 1e-6);
        assertEquals(0.833333, s.purity(), 1e-6);
    }
}
