package io.minqing.transform.topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A human label for a topic the taxonomy does not name, from what residents wrote as the subject (标题) of the topic's
 * most typical cases: a title is already the few words a person chose to name the problem, whereas the topic's top
 * terms are single words ranked by weight (被占·通道·车 reads like a word list, 消防通道被占 like a topic).
 * <ol>
 *   <li>the most common title among the {@value #TYPICAL} most typical cases (Chinese characters only, numbers and
 *       places already masked), if at least {@value #MIN_SHARE_PERCENT} % of them (and 3) carry it and it is
 *       {@value #MIN_CHARS}–{@value #MAX_CHARS} characters long;</li>
 *   <li>else the most common run of 2–3 consecutive title words (e.g. 电动车 充电 → 电动车充电) under the same share rule,
 *       the longer run winning a tie;</li>
 *   <li>else none (the caller tries a phrase of the descriptions, {@link #phrase}, then a {@link #fragment}, and only
 *       then the topic's top terms).</li>
 * </ol>
 */
public final class TitleLabeler {

    /** One case's title: the masked title text and its segmented words. */
    public record Title(String text, List<String> words) {
    }

    static final int TYPICAL = 50;
    static final int MIN_SHARE_PERCENT = 20;
    static final int MIN_CHARS = 4;
    static final int MAX_CHARS = 12;

    private TitleLabeler() {
    }

    /**
     * @param mostTypicalFirst the topic's cases' titles, most typical (highest score) first; blank titles are skipped
     * @return the label, or null when the titles agree on none
     */
    public static String label(List<Title> mostTypicalFirst) {
        List<Title> typical = new ArrayList<>();
        for (Title t : mostTypicalFirst) {
            if (t != null && t.text() != null && !norm(t.text()).isEmpty()) {
                typical.add(t);
                if (typical.size() == TYPICAL) {
                    break;
                }
            }
        }
        int need = Math.max(3, (int) Math.ceil(typical.size() * MIN_SHARE_PERCENT / 100.0));
        Map<String, Integer> titles = new LinkedHashMap<>();
        for (Title t : typical) {
            String h = norm(t.text());
            boolean spaced = TextPrep.isSpacedScript(h);
            if (h.length() >= (spaced ? 3 : MIN_CHARS) && h.length() <= (spaced ? 4 * MAX_CHARS : MAX_CHARS)) {
                titles.merge(h, 1, Integer::sum);
            }
        }
        String best = best(titles, need, false);
        if (best != null) {
            return best;
        }
        return runs(typical, need);
    }

    private static String runs(List<Title> typical, int need) {
        Map<String, Integer> runs = new LinkedHashMap<>();
        for (Title t : typical) {
            Set<String> seen = new LinkedHashSet<>();
            List<String> w = t.words() == null ? List.of() : t.words();
            for (int len = 2; len <= 3; len++) {
                for (int i = 0; i + len <= w.size(); i++) {
                    boolean spaced = w.subList(i, i + len).stream().allMatch(TextPrep::isSpacedScript);
                    String run = String.join(spaced ? " " : "", w.subList(i, i + len));
                    if (run.length() <= (spaced ? 4 * MAX_CHARS : MAX_CHARS) && w.subList(i, i + len).stream().distinct().count() > 1) {
                        seen.add(run);
                    }
                }
            }
            seen.forEach(r -> runs.merge(r, 1, Integer::sum));
        }
        return best(runs, need, true);
    }

    /**
     * A short phrase the descriptions of a topic's most typical cases share: the most common run of 2–3 consecutive
     * words (of different words) among the first {@value #TYPICAL} non-empty descriptions, carried by at least
     * {@value #MIN_SHARE_PERCENT} % of them (and 3), the longer run winning a tie; null when none is.
     */
    public static String phrase(List<List<String>> descriptionWordsMostTypicalFirst) {
        List<Title> typical = new ArrayList<>();
        for (List<String> w : descriptionWordsMostTypicalFirst) {
            if (w != null && !w.isEmpty()) {
                typical.add(new Title("", w));
                if (typical.size() == TYPICAL) {
                    break;
                }
            }
        }
        return runs(typical, Math.max(3, (int) Math.ceil(typical.size() * MIN_SHARE_PERCENT / 100.0)));
    }

    static final int FRAGMENT_MIN_CASES = 3;
    static final int FRAGMENT_STRONGEST = 3;

    /**
     * The last phrase before a word triple: a short run of words that is about what the topic's strongest terms say and
     * that several of its typical cases wrote. Among the first {@value #TYPICAL} cases with words (most typical first),
     * each case's title and description word sequences (already masked and stop-word free, so no name, place or
     * greeting can appear) give runs of 2–3 consecutive different words, {@value #MIN_CHARS}–{@value #MAX_CHARS}
     * Chinese characters long (a spaced script such as English: joined by spaces, up to 4 × {@value #MAX_CHARS} characters). A run
     * qualifies when it contains one of the topic's {@value #FRAGMENT_STRONGEST} strongest terms and at least
     * {@value #FRAGMENT_MIN_CASES} cases carry it. The best run has the highest score = cases carrying it × the sum of
     * the topic's centroid weights of its words (a run both common and central); ties: the longer, then the first seen.
     * E.g. 退休 + 工资 in 8 cases with weights 0.3 + 0.4 scores 5.6 and beats 工资 + 发放 in 6 cases (6 × 0.45 = 2.7).
     *
     * @param casesMostTypicalFirst each case's word sequences (its title's, its description's), most typical first
     * @param weights               the topic's centroid weight of each term (a word without one weighs 0)
     * @param strongestFirst        the topic's top terms, strongest first (only the first {@value #FRAGMENT_STRONGEST} count)
     * @return the run, or null when none qualifies (the caller labels the topic with its top terms)
     */
    public static String fragment(List<List<List<String>>> casesMostTypicalFirst, Map<String, Double> weights,
                                  List<String> strongestFirst) {
        Set<String> strongest = new LinkedHashSet<>(strongestFirst.subList(0, Math.min(FRAGMENT_STRONGEST, strongestFirst.size())));
        Map<String, Integer> support = new LinkedHashMap<>();
        Map<String, Double> weightOf = new LinkedHashMap<>();
        int used = 0;
        for (List<List<String>> c : casesMostTypicalFirst) {
            if (used == TYPICAL) {
                break;
            }
            if (c == null || c.stream().allMatch(w -> w == null || w.isEmpty())) {
                continue;
            }
            used++;
            Set<String> seen = new LinkedHashSet<>();
            for (List<String> w : c) {
                if (w == null) {
                    continue;
                }
                for (int len = 2; len <= 3; len++) {
                    for (int i = 0; i + len <= w.size(); i++) {
                        List<String> run = w.subList(i, i + len);
                        if (run.stream().distinct().count() < len || run.stream().noneMatch(strongest::contains)) {
                            continue;
                        }
                        boolean spaced = run.stream().allMatch(TextPrep::isSpacedScript);
                        String text = String.join(spaced ? " " : "", run);
                        if (spaced ? text.length() > 4 * MAX_CHARS : text.length() < MIN_CHARS || text.length() > MAX_CHARS) {
                            continue;
                        }
                        if (seen.add(text)) {
                            weightOf.computeIfAbsent(text, x -> run.stream().mapToDouble(t -> weights.getOrDefault(t, 0.0)).sum());
                        }
                    }
                }
            }
            seen.forEach(r -> support.merge(r, 1, Integer::sum));
        }
        String best = null;
        double bestScore = 0;
        for (Map.Entry<String, Integer> e : support.entrySet()) {
            if (e.getValue() < FRAGMENT_MIN_CASES) {
                continue;
            }
            double score = e.getValue() * weightOf.get(e.getKey());
            if (best == null || score > bestScore || score == bestScore && e.getKey().length() > best.length()) {
                best = e.getKey();
                bestScore = score;
            }
        }
        return best;
    }

    /** The most frequent key with at least {@code need} occurrences (ties: the longer if asked, else the first seen). */
    private static String best(Map<String, Integer> counts, int need, boolean longerWins) {
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            int c = e.getValue();
            boolean better = c > bestCount || c == bestCount && longerWins && best != null && e.getKey().length() > best.length();
            if (c >= need && better) {
                best = e.getKey();
                bestCount = c;
            }
        }
        return best;
    }

    /**
     * The comparable form of a title: only its Chinese characters; for a title in a spaced script (English casework …) its
     * letters in lower case with single spaces between words.
     */
    static String norm(String s) {
        if (TextPrep.isSpacedScript(s)) {
            return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}]+", " ").trim();
        }
        return han(s);
    }

    /** Only the Chinese characters of a text. */
    static String han(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN).forEach(b::appendCodePoint);
        return b.toString();
    }
}
