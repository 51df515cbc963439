package io.minqing.transform.topics;

import java.util.List;

/**
 * Text of any language, per text: Chinese (and Japanese) through {@link HanlpSegmenter}, text in a script that
 * separates words with spaces (Latin, Cyrillic, Greek, Arabic, Hangul …) through {@link SpacedScriptSegmenter}; the rule
 * is {@link TextPrep#isSpacedScript}. A corpus may mix them, case by case. The default segmenter of {@code minqing topics} and {@code minqing transform}.
 */
public final class ScriptSegmenter implements Segmenter {

    private static final long serialVersionUID = 1L;

    private final Segmenter han;
    private final Segmenter spaced;

    public ScriptSegmenter(Segmenter han, Segmenter spaced) {
        this.han = han;
        this.spaced = spaced;
    }

    /** HanLP for Chinese, Lucene's chain of the text's language for spaced scripts. */
    public static ScriptSegmenter standard() {
        return new ScriptSegmenter(new HanlpSegmenter(), new SpacedScriptSegmenter());
    }

    @Override
    public List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return TextPrep.isSpacedScript(text) ? spaced.words(text) : han.words(text);
    }

    @Override
    public String name() {
        return han.name() + "|" + spaced.name();
    }
}
