package io.minqing.transform.topics;

import java.nio.file.Path;
import java.util.List;

/**
 * What a topics run did, whatever the engine. {@code notice} is non-null when no topics could be fitted (the marts are
 * then written empty and the run still succeeds); {@code segmented} counts the case texts segmented in this run and
 * {@code cachedTexts} those taken from the token cache (lake/cache/tokens).
 */
public record TopicsResult(long cases, boolean fitted, String modelVersion, int topics, long recurringRows, String latestMonth,
                           long flaggedLatestMonth, Path marts, double seconds, List<TopicModelBuilder.IdMapping> idMap,
                           String engine, long segmented, long cachedTexts, String notice) {

    public boolean hasTopics() {
        return notice == null;
    }
}
