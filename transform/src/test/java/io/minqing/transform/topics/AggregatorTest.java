package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming aggregation of case_topics rows: sizes, 5 most typical examples, cell counts, in any input order. */
class AggregatorTest {

    /** A case_topics row (column order of TopicsCore.caseTopicRow). */
    private static Object[] row(String caseId, String source, String community, String place, int topic, double score, String month) {
        return new Object[] {caseId, source, community, place, topic, "t" + topic, score, "v1", month};
    }

    @Test
    void keepsTheFiveMostTypicalCasesWhateverTheOrder() {
        List<Object[]> rows = new ArrayList<>(List.of(
                row("c1", "s", "甲社区", "A园", 1, 0.5, "2021-01"),
                row("c2", "s", "甲社区", "A园", 1, 0.9, "2021-01"),
                row("c3", "s", "甲社区", "A园", 1, 0.9, "2021-01"),
                row("c4", "s", "甲社区", "A园", 1, 0.1, "2021-01"),
                row("c5", "s", "甲社区", "A园", 1, 0.7, "2021-01"),
                row("c6", "s", "甲社区", "A园", 1, 0.8, "2021-01"),
                row("c7", "s", "甲社区", "A园", 1, 0.6, "2021-02"),
                row("c9", "b", "乙社区", null, 2, 0.4, "2021-01"),
                row("c9", "a", "乙社区", null, 2, 0.4, "2021-01")));
        // by hand: topic 1 scores c2 .9, c3 .9 (tie: case id), c6 .8, c5 .7, c7 .6, c1 .5, c4 .1 → c2 c3 c6 c5 c7;
        // topic 2: the same case id and score in two sources → source a first
        for (int rotate = 0; rotate < rows.size(); rotate++) {
            java.util.Collections.rotate(rows, 1);
            TopicsCore.Aggregates a = TopicsCore.aggregate(rows);
            assertEquals(Map.of(1, 7L, 2, 2L), a.topicSizes());
            assertEquals(List.of("c2", "c3", "c6", "c5", "c7"), a.topicExamples().get(1));
            assertEquals(List.of("c9", "c9"), a.topicExamples().get(2));
            Map<String, Long> counts = new java.util.TreeMap<>();
            a.counts().forEach(c -> counts.put(c.community() + "/" + c.place() + "/" + c.topicId() + "/" + c.month(), c.n()));
            assertEquals(Map.of("甲社区/A园/1/2021-01", 6L, "甲社区/A园/1/2021-02", 1L, "乙社区/null/2/2021-01", 2L), counts);
            // the January cell of topic 1 keeps 5 of its 6 cases, most typical first (c4, score 0.1, drops out)
            List<String> jan = a.top().stream().filter(t -> t.topicId() == 1 && t.month().equals("2021-01")).map(TopicSeries.Top::caseId).toList();
            assertEquals(List.of("c2", "c3", "c6", "c5", "c1"), jan);
            List<Double> scores = a.top().stream().filter(t -> t.topicId() == 2).map(TopicSeries.Top::score).toList();
            assertEquals(List.of(0.4, 0.4), scores);
        }
    }

    @Test
    void perMonthAggregationsStoredAndMergedGiveTheSameAsOnePass() {
        // the rows of keepsTheFiveMostTypicalCasesWhateverTheOrder, aggregated per month, each month's state stored as
        // rows and read back (as a later run that keeps the month does), then merged: the same results by hand as there
        List<Object[]> jan = List.of(
                row("c1", "s", "甲社区", "A园", 1, 0.5, "2021-01"),
                row("c2", "s", "甲社区", "A园", 1, 0.9, "2021-01"),
                row("c3", "s", "甲社区", "A园", 1, 0.9, "2021-01"),
                row("c4", "s", "甲社区", "A园", 1, 0.1, "2021-01"),
                row("c5", "s", "甲社区", "A园", 1, 0.7, "2021-01"),
                row("c6", "s", "甲社区", "A园", 1, 0.8, "2021-01"),
                row("c9", "b", "乙社区", null, 2, 0.4, "2021-01"),
                row("c9", "a", "乙社区", null, 2, 0.4, "2021-01"));
        List<Object[]> feb = java.util.Collections.singletonList(row("c7", "s", "甲社区", "A园", 1, 0.6, "2021-02"));
        for (boolean janFirst : List.of(true, false)) {
            TopicsCore.Aggregator total = new TopicsCore.Aggregator();
            for (List<Object[]> month : janFirst ? List.<List<Object[]>>of(jan, feb) : List.<List<Object[]>>of(feb, jan)) {
                TopicsCore.Aggregator m = new TopicsCore.Aggregator();
                month.forEach(m::add);
                TopicsCore.Aggregator stored = TopicsCore.Aggregator.fromState(m.stateRows());
                assertEquals(month.size(), stored.cases());
                total.merge(stored);
            }
            TopicsCore.Aggregates a = total.result();
            assertEquals(Map.of(1, 7L, 2, 2L), a.topicSizes());
            // c7 (0.6, February) beats c1 (0.5, January) among topic 1's examples: the merge takes the best of both months
            assertEquals(List.of("c2", "c3", "c6", "c5", "c7"), a.topicExamples().get(1));
            assertEquals(List.of("c9", "c9"), a.topicExamples().get(2));
            Map<String, Long> counts = new java.util.TreeMap<>();
            a.counts().forEach(c -> counts.put(c.community() + "/" + c.place() + "/" + c.topicId() + "/" + c.month(), c.n()));
            assertEquals(Map.of("甲社区/A园/1/2021-01", 6L, "甲社区/A园/1/2021-02", 1L, "乙社区/null/2/2021-01", 2L), counts);
            List<String> janTop = a.top().stream().filter(t -> t.topicId() == 1 && t.month().equals("2021-01")).map(TopicSeries.Top::caseId).toList();
            assertEquals(List.of("c2", "c3", "c6", "c5", "c1"), janTop);
            List<String> febTop = a.top().stream().filter(t -> t.topicId() == 1 && t.month().equals("2021-02")).map(TopicSeries.Top::caseId).toList();
            assertEquals(List.of("c7"), febTop);
        }
    }
}
