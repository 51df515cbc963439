package io.minqing.transform.topics;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.el.GreekAnalyzer;
import org.apache.lucene.analysis.el.GreekLowerCaseFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.util.IOUtils;

/**
 * Case text in a script that separates its words with spaces ({@link TextPrep#isSpacedScript}): English, Spanish,
 * French, German, Portuguese, Italian, Dutch, Russian, Greek or Arabic, language chosen per text, and any other such
 * script (Hangul …) without stop words. Lucene's standard tokenizer (Unicode word breaks), lower case, that language's
 * stop words, tokens of one letter or with a digit dropped, an underscore read as a space (Open311 service names such
 * as Sidewalk_Cleaning). Lucene {@value #LUCENE}.
 * <ul>
 *   <li><b>Which language</b>: the text's tokens are counted against each language's stop-word list (Snowball's, and
 *       Lucene's own for Greek and Arabic: the function words the/of/and, de/la/que, le/les/des, der/die/und, и/в/не
 *       …). A language other than English is chosen
 *       when at least {@value #MIN_HITS} tokens are its stop words and more than are English ones (the most such
 *       tokens wins; ties in the order of {@link #LANGUAGES}); otherwise, and for text without function words
 *       ("Loud Music/Party", "Bache"), English.</li>
 *   <li><b>English</b>: possessives dropped, Lucene's English stop words plus a few words every request carries
 *       (please, caller, request …), and plural-only stemming ({@link EnglishMinimalStemFilter}: noises → noise, not
 *       Porter's "nois", so a label still reads as a word).</li>
 *   <li><b>The others</b>: their stop words (Greek after Lucene's Greek lower case, which also drops accents: δευτέρα →
 *       δευτερα), and only the plural that cannot be mistaken: a final s after
 *       a or o in Spanish and Portuguese (farolas → farola, buracos → buraco), after e in French (poubelles →
 *       poubelle). Lucene's minimal stemmers cut words a reader no longer recognises in a label (Spanish calles →
 *       call, coches → coch, lunes → lun; Portuguese ônibus → ônibu), and a label drawn from a topic's words must
 *       read as words; German, Italian and Dutch plurals change the word, so they stay.</li>
 * </ul>
 * Without the other languages' stop words, a Spanish corpus's de, la, que, los, por … filled the vocabulary and the
 * labels of topics without titles; and before this class took every spaced script, Russian, Greek, Arabic or Korean
 * text went to HanLP, which found no word in it: every such case fell to 未归类.
 */
public final class SpacedScriptSegmenter implements Segmenter {

    private static final long serialVersionUID = 1L;
    static final String LUCENE = "9.12.3";
    /** Stop-word tokens a text needs before a language other than English is chosen for it. */
    static final int MIN_HITS = 2;

    /** Words of almost every English request, which say nothing about its subject. */
    static final List<String> EXTRA_STOP = List.of("please", "caller", "callers", "request", "requests", "requested", "report",
            "reported", "reports", "complaint", "complaints", "regarding", "also", "would", "could", "like", "can", "get",
            "one", "etc", "other", "unspecified", "n/a", "via", "per", "has", "have", "had", "been", "am", "pm");

    /** The languages told apart, English first (the default): Snowball's stop-word files, then Greek and Arabic. */
    static final List<String> LANGUAGES = List.of("english", "spanish", "french", "german", "portuguese", "italian", "dutch",
            "russian", "greek", "arabic");

    private static final CharArraySet ENGLISH_STOP;
    /** Per language: its stop-word list, used to tell the language and (but for English) as its stop words. */
    private static final Map<String, CharArraySet> STOP_LISTS = new LinkedHashMap<>();

    static {
        CharArraySet s = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        s.addAll(EXTRA_STOP);
        ENGLISH_STOP = CharArraySet.unmodifiableSet(s);
        for (String lang : LANGUAGES) {
            if (lang.equals("greek")) {
                STOP_LISTS.put(lang, GreekAnalyzer.getDefaultStopSet());
            } else if (lang.equals("arabic")) {
                STOP_LISTS.put(lang, ArabicAnalyzer.getDefaultStopSet());
            } else {
                try (Reader r = IOUtils.getDecodingReader(SnowballFilter.class, lang + "_stop.txt", StandardCharsets.UTF_8)) {
                    STOP_LISTS.put(lang, CharArraySet.unmodifiableSet(WordlistLoader.getSnowballWordSet(r)));
                } catch (IOException e) {
                    throw new UncheckedIOException("Lucene's " + lang + " stop words", e);
                }
            }
        }
    }

    @Override
    public List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return new ArrayList<>();
        }
        // Unicode word breaks keep "Sidewalk_Cleaning" one token (an underscore joins words), which the letters-only
        // rule below would drop: Open311 service names (SF: Sidewalk_Cleaning, Illegal_Dumping …) gave no words at all
        String t = text.indexOf('_') >= 0 ? text.replace('_', ' ') : text;
        String lang = language(t);
        List<String> out = new ArrayList<>();
        try (TokenStream ts = chain(lang, t)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String w = term.toString();
                if (w.chars().allMatch(Character::isLetter)) {
                    out.add(singular(lang, w));
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("tokenizing text", e);
        }
        return out;
    }

    /** The language of a text by its function words (see the class comment). */
    static String language(String text) {
        int[] hits = new int[LANGUAGES.size()];
        try (TokenStream ts = new LowerCaseFilter(tokenizer(text))) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                for (int l = 0; l < hits.length; l++) {
                    if (STOP_LISTS.get(LANGUAGES.get(l)).contains(term.buffer(), 0, term.length())) {
                        hits[l]++;
                    }
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("tokenizing text", e);
        }
        int best = 0;
        for (int l = 1; l < hits.length; l++) {
            if (hits[l] >= MIN_HITS && hits[l] > hits[0] && hits[l] > hits[best]) {
                best = l;
            }
        }
        return LANGUAGES.get(best);
    }

    /** The plural rule of the class comment: Spanish/Portuguese -as/-os, French -es, words of 4 letters or more. */
    static String singular(String lang, String w) {
        int n = w.length();
        if (n < 4 || w.charAt(n - 1) != 's') {
            return w;
        }
        char before = w.charAt(n - 2);
        boolean plural = switch (lang) {
            case "spanish", "portuguese" -> before == 'a' || before == 'o';
            case "french" -> before == 'e';
            default -> false;
        };
        return plural ? w.substring(0, n - 1) : w;
    }

    private static StandardTokenizer tokenizer(String text) {
        StandardTokenizer tok = new StandardTokenizer();
        tok.setReader(new StringReader(text));
        return tok;
    }

    private static TokenStream chain(String lang, String text) {
        // Lucene's Greek stop words are written without accents and with σ for ς, as its Greek lower case writes them
        TokenStream lower = lang.equals("greek") ? new GreekLowerCaseFilter(tokenizer(text)) : new LowerCaseFilter(tokenizer(text));
        TokenStream ts = lang.equals("english")
                ? new EnglishMinimalStemFilter(new StopFilter(new EnglishPossessiveFilter(lower), ENGLISH_STOP))
                : new StopFilter(lower, STOP_LISTS.get(lang));
        return new LengthFilter(ts, 2, 40);
    }

    @Override
    public String name() {
        return "lucene-" + LUCENE + "-spaced-" + String.join("-", LANGUAGES).toLowerCase(Locale.ROOT) + "-v4";
    }
}
