package io.minqing.transform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The survey counts of a month and community, read by FactsSql's column names from either engine's result. */
class SurveyCountTest {

    @Test
    void readsEachCountByNameAndANullCountIsZero() {
        Map<String, Object> row = new HashMap<>();
        row.put("m", "2021-08");
        row.put("community", "甲");
        row.put("n", 3L);
        row.put("general", 1L);
        row.put("res_num", null); // DuckDB's count_if over a group whose is_resolved are all null
        row.put("res_den", 0L);
        row.put("satisfied", 2);  // any integral type
        row.put("basic", 1L);
        row.put("dissatisfied", 0L);
        MonthMarts.SurveyCount c = MonthMarts.SurveyCount.of(row::get);
        assertEquals(new MonthMarts.SurveyCount("2021-08", "甲", 3, 1, 0, 0, 2, 1, 0), c);
    }
}
