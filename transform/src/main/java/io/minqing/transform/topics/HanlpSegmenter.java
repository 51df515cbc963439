package io.minqing.transform.topics;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.CustomDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HanLP portable (Viterbi segmenter with the core dictionary) plus the domain words of {@code topics/userdict.txt},
 * keeping nouns, verbs, adjectives and idioms; dropping person/place/organisation-free numerals, quantifiers,
 * pronouns, function words, person and place names (ns, nr: masking), single characters (except a few that are
 * topics on their own: 水, 电, 树 …) and the stop words. Chosen over Lucene smartcn and jieba on measured
 * evidence (docs/topics.md).
 */
public final class HanlpSegmenter implements Segmenter {

    private static final long serialVersionUID = 1L;

    private static final Set<String> SINGLE_KEEP = Set.of("水", "电", "气", "树", "狗", "猫", "蚊", "鼠", "灯", "车",
            "房", "厕", "臭", "吵", "堵", "漏", "脏", "药", "医", "学", "路", "桥", "墙");

    private static final ThreadLocal<Segment> SEGMENT = ThreadLocal.withInitial(() -> {
        Dictionary.ensureLoaded();
        return HanLP.newSegment().enableCustomDictionary(true).enablePlaceRecognize(true)
                .enableOrganizationRecognize(false).enableNameRecognize(true);
    });

    @Override
    public List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (Term t : SEGMENT.get().seg(text)) {
            String w = t.word.strip();
            if (w.isEmpty() || !keepNature(t.nature == null ? "" : t.nature.toString())) {
                continue;
            }
            if (w.length() == 1 && !SINGLE_KEEP.contains(w)) {
                continue;
            }
            if (!w.codePoints().allMatch(Character::isIdeographic) || Stopwords.isStopword(w)) {
                continue;
            }
            out.add(w);
        }
        return out;
    }

    /** Content words: nouns (not person or place names), verbs, adjectives, idioms and fixed phrases. */
    static boolean keepNature(String n) {
        if (n.isEmpty()) {
            return true;
        }
        if (n.startsWith("nr") || n.startsWith("ns") || n.equals("nx") || n.startsWith("nt")) {
            return false;
        }
        char c = n.charAt(0);
        return c == 'n' || c == 'v' || c == 'a' || c == 'i' || c == 'l' || c == 'g' && n.length() > 1;
    }

    @Override
    public String name() {
        return "hanlp-portable-1.8.6+userdict";
    }

    /** Adds the domain words once per JVM (HanLP's custom dictionary is global). */
    static final class Dictionary {
        private static volatile boolean loaded;

        static synchronized void ensureLoaded() {
            if (loaded) {
                return;
            }
            for (Map.Entry<String, String> e : Stopwords.userDictionary().entrySet()) {
                CustomDictionary.insert(e.getKey(), (e.getValue().isEmpty() ? "nz" : e.getValue()) + " 1000");
            }
            loaded = true;
        }
    }
}
