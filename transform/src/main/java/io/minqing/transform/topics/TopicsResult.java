package io.minqing.transform.topics;

import java.nio.file.Path;
import java.util.List;

/**
 * What a topics run did, whatever the engine. {@code notice} is non-null when no topics could be fitted (the marts are
 * then written empty and the run still succeeds); {@code segmented} counts the case texts segmented in this run and
 * {@code cachedTexts} those taken from the token cache (lake/cache/tokens); {@code monthsKept} of the {@code months} staged
 * months kept their results of the last run instead of being assigned again (embedded engine only, docs/topics.md;
 * {@code months} is 0 on Spark and 1 when the staged files are not in month folders).
 */
public record TopicsResult(long cases, boolean fitted, String modelVersion, int topics, long recurringRows, String latestMonth,
                           long flaggedLatestMonth, Path marts, double seconds, List<TopicModelBuilder.IdMapping> idMap,
                           String engine, long segmented, long cachedTexts, String notice, int monthsKept,
                           int months) {

    public boolean hasTopics() {
        return notice == null;
    }
}
