package io.minqing.transform.topics.eval;

import com.huaban.analysis.jieba.JiebaSegmenter;
import io.minqing.transform.topics.Segmenter;
import io.minqing.transform.topics.Stopwords;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/** The segmenters HanLP was compared with (test scope only): Lucene smartcn and jieba-analysis, same filtering. */
final class OtherSegmenters {

    private OtherSegmenters() {
    }

    /** Same post-filter for every segmenter: Chinese characters only, length ≥ 2, not a stop word. */
    static List<String> filter(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String w : raw) {
            if (w.length() >= 2 && w.codePoints().allMatch(Character::isIdeographic) && !Stopwords.isStopword(w)) {
                out.add(w);
            }
        }
        return out;
    }

    static final class Smartcn implements Segmenter {
        private static final long serialVersionUID = 1L;
        private transient SmartChineseAnalyzer analyzer;

        @Override
        public List<String> words(String text) {
            return filter(raw(text));
        }

        List<String> raw(String text) {
            if (analyzer == null) {
                analyzer = new SmartChineseAnalyzer(CharArraySet.EMPTY_SET);
            }
            List<String> out = new ArrayList<>();
            try (TokenStream ts = analyzer.tokenStream("t", new StringReader(text))) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                ts.reset();
                while (ts.incrementToken()) {
                    out.add(term.toString());
                }
                ts.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }

        @Override
        public String name() {
            return "lucene-smartcn-9.12.3";
        }
    }

    static final class Jieba implements Segmenter {
        private static final long serialVersionUID = 1L;
        private transient JiebaSegmenter seg;

        @Override
        public List<String> words(String text) {
            return filter(raw(text));
        }

        List<String> raw(String text) {
            if (seg == null) {
                PrintStream old = System.out;
                System.setOut(new PrintStream(PrintStream.nullOutputStream()));
                try {
                    seg = new JiebaSegmenter();
                } finally {
                    System.setOut(old);
                }
            }
            return seg.sentenceProcess(text);
        }

        @Override
        public String name() {
            return "jieba-analysis-1.0.2";
        }
    }

    /** HanLP without the domain dictionary and POS filter: the out-of-the-box comparison. */
    static final class HanlpPlain implements Segmenter {
        private static final long serialVersionUID = 1L;

        @Override
        public List<String> words(String text) {
            return filter(raw(text));
        }

        List<String> raw(String text) {
            List<String> out = new ArrayList<>();
            for (com.hankcs.hanlp.seg.common.Term t : com.hankcs.hanlp.HanLP.newSegment().seg(text)) {
                out.add(t.word);
            }
            return out;
        }

        @Override
        public String name() {
            return "hanlp-portable-1.8.6 (plain)";
        }
    }
}
