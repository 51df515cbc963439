package io.minqing.transform.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minqing.contract.Settings;
import io.minqing.contract.testing.RepoPaths;
import io.minqing.contract.testing.SparkTestSession;
import io.minqing.transform.topics.eval.SampleDistrictCheck;
import io.minqing.transform.topics.testing.SampleDistrictLake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test on the generated sample district (generator → real ingest → topics with the shipped
 * taxonomy): every planted story with flag months (manifest.json) is flagged in those months (the one exception:
 * a month whose cases at the story's estate no one-month test could tell from chance, see below), topic-trend stories
 * stop being flagged after their fix, and flags that match no planted story are at most one a month district-wide.
 * The heaviest test of the module (≈ 32k cases, the default configuration; a few minutes on a shared 2-core machine).
 */
class PlantedStoriesTest {

    @Test
    void plantedStoriesAreFlaggedWhileTheyRunAndFalseAlarmsStayRare() throws Exception {
        Path dir = Files.createTempDirectory("minqing-planted");
        try {
            SampleDistrictLake.Built d = SampleDistrictLake.build(SparkTestSession.get(), dir, null);
            TopicsConfig cfg = TopicsConfig.from(Settings.empty(), d.lake(), false, RepoPaths.root().resolve("config/topics-taxonomy.txt"));
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            new TopicsJob(SparkTestSession.get(), cfg, new HanlpSegmenter(), new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
            SampleDistrictCheck.Outcome o = SampleDistrictCheck.check(SparkTestSession.get(), d.lake(), d.district());
            String report = "story topics " + o.storyTopic() + ", flagged " + o.flaggedMonths() + ", false alarms " + o.falseAlarms();

            List<String> undetectable = new ArrayList<>();
            for (SampleDistrictCheck.Story s : SampleDistrictCheck.stories(d.district())) {
                List<String> flagged = o.flaggedMonths().get(s.id());
                List<String> missed = new ArrayList<>();
                for (String m : s.flagMonths()) {
                    // the only month a story may go unflagged: one whose cases at its estate no one-month test could tell
                    // from chance even with the whole budget of one false alarm a month (binomial p × cells ≥ 1),
                    // computed from case_topics by SampleDistrictCheck, not by the detector
                    SampleDistrictCheck.Evidence e = o.estateEvidence().getOrDefault(s.id(), java.util.Map.of()).get(m);
                    if (!flagged.contains(m) && e != null && !e.detectableAtOneFalseAlarmAMonth()) {
                        undetectable.add(s.id() + " " + m + " " + e);
                    } else if (!flagged.contains(m)) {
                        missed.add(m);
                    }
                }
                assertTrue(missed.isEmpty(), s.id() + " not flagged in " + missed + "; " + report);
                if (s.fixMonth() != null) {
                    // the fix month's own cases are still reported and the next month is the first quiet one
                    String quiet = YearMonth.parse(s.fixMonth()).plusMonths(2).toString();
                    List<String> after = flagged.stream().filter(m -> m.compareTo(quiet) >= 0).toList();
                    // one exception, from the manifest rather than assumed: a single month after the fix in which the
                    // generator still plants the story's residual cases (months_active), so the flag is about the story's
                    // own cases. ebike_hancheng 2021-06 (fix 2021-04, active to 2021-06): 瀚城花园 has 6 cases in the
                    // e-bike topic of 51 (2 of the story, 2 background e-bike, 2 property), one more than before the
                    // taxonomy stopped naming an e-bike cluster 养老服务 on its one seed word 老人 (its 203 cases are
                    // e-bike cases), and the estate's quasi-Poisson test is on the edge (5 cases did not pass).
                    List<String> residual = after.stream().filter(m -> s.monthsActive().contains(m)).toList();
                    assertTrue(residual.size() <= 1, s.id() + " flagged after its fix in several active months " + residual + "; " + report);
                    List<String> afterActive = after.stream().filter(m -> !s.monthsActive().contains(m)).toList();
                    assertEquals(List.of(), afterActive, s.id() + " still flagged after its fix in " + s.fixMonth() + "; " + report);
                }
            }
            // 居仁村二区 in 2020-01, the first month of the data: of the story's 5 cases only 3 carry the address (2 have none),
            // among about 27 cases of the estate that month, with 违章搭建 at about 6 % of the cases elsewhere: expected
            // 27 × 0.06 ≈ 1.6, P(X ≥ 3) ≈ 0.2 — ordinary for an estate, and about 1,000 estate × topic cells are tested a
            // month. Every other story month must be flagged, and no other month may be undetectable.
            assertTrue(undetectable.size() <= 1 && undetectable.stream().allMatch(u -> u.startsWith("illegal_building_juren 2020-01 ")),
                    "months no test could flag: " + undetectable + "; " + report);
            o.falseAlarmsByMonth().forEach((m, n) -> assertTrue(n <= 1, n + " false alarms in " + m + "; " + report));
            // the topics read like a planner's list: the taxonomy names every big family
            assertTrue(o.labels().values().containsAll(List.of("电动车停放与充电", "违章搭建", "文化设施与游园", "疫情期间代购与隔离", "疫苗接种咨询")),
                    o.labels().toString());
        } finally {
            TopicModel.deleteTree(dir);
        }
    }
}
