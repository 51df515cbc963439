package io.minqing.transform.topics;

import java.util.List;

/**
 * Text of any language, per text: Chinese (and any text that is not mostly Latin letters) through {@link HanlpSegmenter},
 * Latin-script text through {@link LatinSegmenter}; the rule is {@link TextPrep#isLatinScript}. A corpus may mix
 * both, case by case. The default segmenter of {@code minqing topics} and {@code minqing transform}.
 */
public final class ScriptSegmenter implements Segmenter {

    private static final long serialVersionUID = 1L;

    private final Segmenter han;
    private final Segmenter latin;

    public ScriptSegmenter(Segmenter han, Segmenter latin) {
        this.han = han;
        this.latin = latin;
    }

    /** HanLP for Chinese, Lucene's chain of the text's language for Latin-script text. */
    public static ScriptSegmenter standard() {
        return new ScriptSegmenter(new HanlpSegmenter(), new LatinSegmenter());
    }

    @Override
    public List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return TextPrep.isLatinScript(text) ? latin.words(text) : han.words(text);
    }

    @Override
    public String name() {
        return han.name() + "|" + latin.name();
    }
}
