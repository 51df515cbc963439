package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fit's vocabulary: the document-frequency window, and the words of a dominant complaint brought back. Worked by hand. */
class VocabularyTest {

    /** min df 2, at most 30 % of the cases; maxTerms 100. */
    private static final TopicFitter.Params P = new TopicFitter.Params(TopicFitter.Method.KMEANS, 2, 2, 0.3, 100, 50, 1L);

    private static List<Doc> docs(Object... countsAndWords) {
        List<Doc> out = new ArrayList<>();
        for (int i = 0; i < countsAndWords.length; i += 2) {
            int times = (Integer) countsAndWords[i];
            @SuppressWarnings("unchecked") List<String> words = (List<String>) countsAndWords[i + 1];
            for (int t = 0; t < times; t++) {
                String id = "c" + (100 + out.size());
                out.add(new Doc(Doc.key("s", id), "s", id, "c", null, "2024-05", words, List.of(), null));
            }
        }
        return out;
    }

    @Test
    void wordsOfADominantComplaintComeBack() {
        // 10 cases, the cap is 0.3 × 10 = 3 cases. loud (7), music (5) and party (5) are over it, so the 5 "Loud
        // Music/Party" cases would have no word left; each of the three is held by 5 ≥ 2 such cases and comes back.
        // talking (2), blocked (3), hydrant (3) are inside the window. Order: df descending, then the word.
        List<Doc> docs = docs(5, List.of("loud", "music", "party"), 2, List.of("loud", "talking"),
                3, List.of("blocked", "hydrant"));
        assertEquals(List.of("loud", "music", "party", "blocked", "hydrant", "talking"),
                new TopicFitter(P).vocabularyOf(docs).terms());
    }

    @Test
    void aCommonWordStaysOutWhenItStrandsFewerThanMinDfCases() {
        // the (4) and street (6) are over the cap of 3. Only one case holds nothing but "the" (1 < min df 2), and
        // every "street" case also has pothole or light, so neither comes back.
        List<Doc> docs = docs(3, List.of("the", "blocked"), 1, List.of("the"), 3, List.of("pothole", "street"),
                3, List.of("light", "street"));
        assertEquals(List.of("blocked", "light", "pothole"), new TopicFitter(P).vocabularyOf(docs).terms());
    }
}
