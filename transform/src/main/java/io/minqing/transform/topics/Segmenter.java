package io.minqing.transform.topics;

import java.io.Serializable;
import java.util.List;

/** Chinese word segmentation plus filtering: text in, the content words that describe the topic out. */
public interface Segmenter extends Serializable {

    /** Content words of {@code text}, in order, stop words and function words removed. */
    List<String> words(String text);

    /** Name and version, recorded in the saved model. */
    String name();
}
