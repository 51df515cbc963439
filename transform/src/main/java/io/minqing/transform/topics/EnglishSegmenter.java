package io.minqing.transform.topics;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Latin-script case text (English 311 casework): Lucene's standard tokenizer, lower case, possessives dropped, English
 * stop words plus a few words every request carries (please, caller, request …), and light stemming
 * ({@link EnglishMinimalStemFilter}: plurals to singular only, so a label still reads as a word: noises → noise, not
 * Porter's "nois"); tokens of one letter or with a digit are dropped; an underscore separates words (service names
 * such as Sidewalk_Cleaning). Lucene {@value #LUCENE}.
 */
public final class EnglishSegmenter implements Segmenter {

    private static final long serialVersionUID = 1L;
    static final String LUCENE = "9.12.3";

    /** Words of almost every request, which say nothing about its subject. */
    static final List<String> EXTRA_STOP = List.of("please", "caller", "callers", "request", "requests", "requested", "report",
            "reported", "reports", "complaint", "complaints", "regarding", "also", "would", "could", "like", "can", "get",
            "one", "etc", "other", "unspecified", "n/a", "via", "per", "has", "have", "had", "been", "am", "pm");

    private static final CharArraySet STOP;

    static {
        CharArraySet s = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        s.addAll(EXTRA_STOP);
        STOP = CharArraySet.unmodifiableSet(s);
    }

    @Override
    public List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        StandardTokenizer tok = new StandardTokenizer();
        // Unicode word breaks keep "Sidewalk_Cleaning" one token (an underscore joins words), which the letters-only
        // rule below then drops: Open311 service names (SF: Sidewalk_Cleaning, Illegal_Dumping …) gave no words at all
        tok.setReader(new StringReader(text.indexOf('_') >= 0 ? text.replace('_', ' ') : text));
        try (TokenStream ts = new LengthFilter(new EnglishMinimalStemFilter(new StopFilter(new EnglishPossessiveFilter(
                new LowerCaseFilter(tok)), STOP)), 2, 40)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String w = term.toString();
                if (w.chars().allMatch(Character::isLetter)) {
                    out.add(w);
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("tokenizing text", e);
        }
        return out;
    }

    @Override
    public String name() {
        return "lucene-" + LUCENE + "-english-minimal-stem-v2";
    }
}
