package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-month token caches of one run look a text up in each other before segmenting it (the embedded engine's
 * first run): a text is segmented once per run, whichever months hold it, and the run index that names the cache to
 * look in never turns a text some cache holds into a second segmentation.
 */
class TokenCacheTest {

    /** Splits on spaces and counts its calls. */
    private static final class Counting implements Segmenter {
        int calls;

        @Override
        public List<String> words(String text) {
            calls++;
            return List.of(text.split(" "));
        }

        @Override
        public String name() {
            return "counting";
        }
    }

    @Test
    void aTextOneMonthSegmentedIsTakenByTheOthersAndOnlyNewTextsAreSegmented() {
        Counting seg = new Counting();
        List<TokenCache> all = new ArrayList<>();
        TokenCache jan = TokenCache.none(seg);
        all.add(jan);
        jan.alsoLookIn(all);
        assertEquals(List.of("路灯", "不亮"), jan.of("路灯 不亮"));
        TokenCache feb = TokenCache.none(seg);
        all.add(feb);
        feb.alsoLookIn(all);
        assertEquals(List.of("路灯", "不亮"), feb.of("路灯 不亮"));
        assertEquals(List.of("井盖", "丢失"), feb.of("井盖 丢失"));
        TokenCache mar = TokenCache.none(seg);
        all.add(mar);
        all.forEach(c -> c.alsoLookIn(all));
        assertEquals(List.of("井盖", "丢失"), mar.of("井盖 丢失"));
        assertEquals(List.of("路灯", "不亮"), jan.of("路灯 不亮"));
        assertEquals(List.of("井盖", "丢失"), jan.of("井盖 丢失"));
        // two distinct texts, each segmented by the first month that met it
        assertEquals(2, seg.calls);
        assertEquals(1, jan.segmented());
        assertEquals(1, feb.segmented());
        assertEquals(0, mar.segmented());
        assertSame(jan.runIndex(), feb.runIndex());
        assertSame(jan.runIndex(), mar.runIndex());
        assertEquals(List.of(0, 1, 2), List.of(jan.runIndexId(), feb.runIndexId(), mar.runIndexId()));
    }

    @Test
    void anIndexEntryNamingACacheWithoutTheTextFallsBackToEveryPeer() {
        Counting seg = new Counting();
        List<TokenCache> all = new ArrayList<>(List.of(TokenCache.none(seg), TokenCache.none(seg), TokenCache.none(seg)));
        all.forEach(c -> c.alsoLookIn(all));
        TokenCache a = all.get(0);
        TokenCache b = all.get(1);
        TokenCache c = all.get(2);
        // as if another text with the same 56-bit key had been used by a first: the index names a for this text's key
        String h = TokenCache.hash(seg.name(), "垃圾 清运");
        a.runIndex().record(TokenCache.RunIndex.key(h), a.runIndexId());
        assertEquals(a.runIndexId(), a.runIndex().owner(TokenCache.RunIndex.key(h)));
        assertEquals(List.of("垃圾", "清运"), b.of("垃圾 清运"));
        assertEquals(1, b.segmented(), "no cache had the text: b segments it");
        // the index still names a (the first cache recorded for a key stays), which lacks the text: c finds it in b
        assertEquals(List.of("垃圾", "清运"), c.of("垃圾 清运"));
        assertEquals(0, c.segmented());
        assertEquals(1, seg.calls);
    }

    @Test
    void aCacheThatJoinsLateBringsTheTextsItUsedAlready() {
        Counting seg = new Counting();
        TokenCache early = TokenCache.none(seg);
        early.of("噪音 扰民"); // used before any alsoLookIn: not yet in an index
        TokenCache late = TokenCache.none(seg);
        List<TokenCache> all = List.of(early, late);
        late.alsoLookIn(all);
        assertSame(late.runIndex(), early.runIndex());
        assertEquals(late.runIndexId() == 0 ? 1 : 0, early.runIndexId());
        assertEquals(List.of("噪音", "扰民"), late.of("噪音 扰民"));
        assertEquals(0, late.segmented());
        assertEquals(1, seg.calls);
    }

    @Test
    void peersInAnotherRunsIndexAreStillFoundByLookingInEach() {
        Counting seg = new Counting();
        TokenCache x = TokenCache.none(seg);
        x.alsoLookIn(List.of(x));
        TokenCache y = TokenCache.none(seg);
        y.alsoLookIn(List.of(y));
        assertNotSame(x.runIndex(), y.runIndex());
        x.of("停车 难");
        // z takes x's index; y is in another, so y's texts are not in z's index: z must look in every peer
        TokenCache z = TokenCache.none(seg);
        z.alsoLookIn(List.of(x, y, z));
        y.of("占道 经营");
        assertEquals(List.of("占道", "经营"), z.of("占道 经营"));
        assertEquals(List.of("停车", "难"), z.of("停车 难"));
        assertEquals(0, z.segmented());
        assertEquals(2, seg.calls);
    }

    @Test
    void theIndexKeepsEveryKeyThroughItsGrowth() {
        TokenCache.RunIndex idx = new TokenCache.RunIndex();
        int n = 200_000; // past the first table of 65,536 slots: three doublings
        for (int i = 0; i < n; i++) {
            idx.record(TokenCache.RunIndex.key(TokenCache.hash("s", "t" + i)), i % 300);
        }
        for (int i = 0; i < n; i++) {
            // numbers from 255 on are kept as 255 ("look in every peer")
            assertEquals(Math.min(i % 300, 255), idx.owner(TokenCache.RunIndex.key(TokenCache.hash("s", "t" + i))), "text " + i);
        }
        assertEquals(TokenCache.RunIndex.ABSENT, idx.owner(TokenCache.RunIndex.key(TokenCache.hash("s", "never"))));
        assertEquals(1, TokenCache.RunIndex.key("00000000000000ff" + "0".repeat(16)), "key 0 is kept as 1 (0 marks a free slot)");
    }
}
