package io.minqing.transform.topics;

import java.io.Serializable;
import java.util.List;

/**
 * One staged case after segmentation: what both engines hand to the topic model. {@code key} is
 * {@code source + U+001F + case_id} (unique, and the order in which the model sees the cases when fitting).
 */
public record Doc(String key, String source, String caseId, String community, String place, String receivedMonth,
                  List<String> titleWords, List<String> descriptionWords, String titleText) implements Serializable {

    public Doc {
        titleWords = List.copyOf(titleWords);
        descriptionWords = List.copyOf(descriptionWords);
    }

    public static String key(String source, String caseId) {
        return source + "\u001f" + caseId;
    }

    public boolean hasWords() {
        return !titleWords.isEmpty() || !descriptionWords.isEmpty();
    }
}
