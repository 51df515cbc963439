package io.minqing.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minqing.reports.IssueTracker.DetectorRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The episode chaining and the states of 问题追踪, on hand-made detector histories. */
class IssueTrackerTest {

    static DetectorRow row(String asOf, boolean flagged, String first) {
        return new DetectorRow(asOf, flagged, false, null, first);
    }

    @Test
    void theEpisodeStartsAtTheEarliestFirstMonthOfTheUnbrokenRunOfRows() {
        // each row sees 6 months back only; chained 2020-07 → 2020-08 → 2020-09 the episode began 2020-02
        List<DetectorRow> rows = List.of(row("2020-03", true, "2019-12"), // an earlier episode: a gap follows
                row("2020-07", true, "2020-02"), row("2020-08", true, "2020-03"), row("2020-09", true, "2020-05"));
        assertEquals("2020-02", IssueTracker.episodeStart(rows));
        assertEquals("2020-05", IssueTracker.episodeStart(List.of(row("2020-09", true, "2020-05"))));
    }

    @Test
    void statesFromTheLatestRow() {
        assertEquals("新出现", IssueTracker.state(List.of(row("2021-08", true, "2021-08")), "2021-08"));
        assertEquals("持续中", IssueTracker.state(List.of(row("2021-07", true, "2021-05"), row("2021-08", true, "2021-05")), "2021-08"));
        assertEquals("观察中", IssueTracker.state(List.of(row("2021-07", true, "2021-05"), row("2021-08", false, "2021-05")), "2021-08"));
        assertEquals("已停止（自 2021-07 起）", IssueTracker.state(List.of(row("2021-06", true, "2021-03"),
                new DetectorRow("2021-08", false, true, "2021-07", "2021-03")), "2021-08"));
        assertEquals("已停止（检测记录止于 2021-05）", IssueTracker.state(List.of(row("2021-05", true, "2021-02")), "2021-08"));
    }

    @Test
    void countsReadFromTheFirstMonth() {
        IssueTracker.Tracked t = new IssueTracker.Tracked("瀚城社区", "瀚城花园", 4, "电动车充电", "2021-06", "持续中",
                List.of("2021-06", "2021-07", "2021-08"), List.of(3L, 0L, 5L), 7L, 4L, 3L, List.of("瀚城花园"));
        assertEquals("2021-06 起：3、0、5", IssueTracker.counts(t));
        assertEquals(8, t.total());
    }
}
