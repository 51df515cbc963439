package io.minqing.transform.topics.eval;

import io.minqing.transform.topics.ClusterQuality;
import io.minqing.transform.topics.RecurringDetector;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Compares the topic marts of a generated sample district with its ground truth (manifest.json stories and
 * truth/case_truth.csv): which planted stories were flagged in which months, and which flags match no story
 * (false alarms). Used by the planted-story test and by {@code make eval}.
 */
public final class SampleDistrictCheck {

    public record Story(String id, String kind, String community, String family, String address, List<String> monthsActive,
                        String fixMonth, List<String> flagMonths) {
    }

    public record Flag(String month, String community, String place, int topicId, String label, String rule) {
    }

    /**
     * How strong a story's evidence at its estate is in one month, computed from case_topics alone (not from the
     * detector): y cases of the story's topic among the estate's n cases, q the topic's share among the cases of the
     * other communities that month, p = P(X ≥ y) for X ~ Binomial(n, q) (commons-math), and the number of estate ×
     * topic cells (estates with at least 3 cases that month × topics). When p × cells ≥ 1, no one-month test at the
     * estate can flag the month without more than one chance flag a month district-wide.
     */
    public record Evidence(long y, long n, double q, double p, long cells) {
        public boolean detectableAtOneFalseAlarmAMonth() {
            return p * cells < 1;
        }
    }

    public record Outcome(Map<String, Integer> storyTopic, Map<String, List<String>> flaggedMonths, List<Flag> falseAlarms,
                          ClusterQuality.Scores quality, Map<Integer, String> labels, Map<Integer, Long> sizes,
                          Map<Integer, String> majorityFamily, Map<String, Map<String, Evidence>> estateEvidence) {

        public Map<String, Long> falseAlarmsByMonth() {
            Map<String, Long> m = new TreeMap<>();
            falseAlarms.forEach(f -> m.merge(f.month(), 1L, Long::sum));
            return m;
        }
    }

    private SampleDistrictCheck() {
    }

    /** Stories of manifest.json that have a topic (not community traits). */
    @SuppressWarnings("unchecked")
    public static List<Story> stories(Path district) throws IOException {
        String json = Files.readString(district.resolve("manifest.json"), StandardCharsets.UTF_8);
        Object parsed = new org.yaml.snakeyaml.Yaml().load(json);
        List<Story> out = new ArrayList<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) ((Map<String, Object>) parsed).get("stories")) {
            if (s.get("topic_family") == null) {
                continue;
            }
            out.add(new Story((String) s.get("id"), (String) s.get("kind"), (String) s.get("community"), (String) s.get("topic_family"),
                    (String) s.get("address"), (List<String>) s.get("months_active"), (String) s.get("fix_month"),
                    (List<String>) s.get("flag_months")));
        }
        return out;
    }

    /** case_id → {topic_family, story_id} from truth/case_truth.csv. */
    public static Map<String, String[]> truth(Path district) throws IOException {
        Map<String, String[]> out = new HashMap<>();
        try (Reader r = Files.newBufferedReader(district.resolve("truth/case_truth.csv"), StandardCharsets.UTF_8)) {
            var parser = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r);
            for (var rec : parser) {
                out.put(rec.get("case_id"), new String[] {rec.get("topic_family"), rec.get("story_id")});
            }
        }
        return out;
    }

    public static Outcome check(SparkSession spark, Path lake, Path district) throws IOException {
        List<Story> stories = stories(district);
        Map<String, String[]> truth = truth(district);
        List<Row> ct = spark.read().parquet(lake.resolve("marts/case_topics").toString())
                .select("case_id", "topic_id", "community", "place", "received_month").collectAsList();
        // (month, community, place, topic) → story → cases, for flags caused by a story's cases in another topic or place
        Map<String, Map<String, Integer>> storyCases = new HashMap<>();
        Map<String, Integer> cellCases = new HashMap<>();
        Map<String, Map<Integer, Integer>> byStory = new TreeMap<>();
        Map<Integer, Map<String, Integer>> familyByTopic = new TreeMap<>();
        List<String> fam = new ArrayList<>();
        List<Integer> topic = new ArrayList<>();
        for (Row r : ct) {
            String[] t = truth.get(r.getString(0));
            if (t == null) {
                continue;
            }
            fam.add(t[0]);
            topic.add(r.getInt(1));
            for (String key : cellKeys(r.getString(4), r.getString(2), r.getString(3), r.getInt(1))) {
                cellCases.merge(key, 1, Integer::sum);
                if (!t[1].isEmpty()) {
                    storyCases.computeIfAbsent(key, x -> new HashMap<>()).merge(t[1], 1, Integer::sum);
                }
            }
            familyByTopic.computeIfAbsent(r.getInt(1), x -> new TreeMap<>()).merge(t[0], 1, Integer::sum);
            if (!t[1].isEmpty()) {
                byStory.computeIfAbsent(t[1], x -> new TreeMap<>()).merge(r.getInt(1), 1, Integer::sum);
            }
        }
        Map<Integer, String> majority = new TreeMap<>();
        familyByTopic.forEach((k, v) -> majority.put(k, v.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey()));
        Map<String, Integer> storyTopic = new LinkedHashMap<>();
        for (Story s : stories) {
            Map<Integer, Integer> m = byStory.getOrDefault(s.id(), Map.of());
            storyTopic.put(s.id(), m.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(-1));
        }
        Map<Integer, String> labels = new TreeMap<>();
        Map<Integer, Long> sizes = new TreeMap<>();
        for (Row r : spark.read().parquet(lake.resolve("marts/topics").toString()).select("topic_id", "label", "size").collectAsList()) {
            labels.put(r.getInt(0), r.getString(1));
            sizes.put(r.getInt(0), r.getLong(2));
        }
        List<Flag> flags = new ArrayList<>();
        for (Row r : spark.read().parquet(lake.resolve("marts/recurring_issues").toString())
                .filter("is_flagged").select("as_of_month", "community", "place", "topic_id", "topic_label", "rule").collectAsList()) {
            flags.add(new Flag(r.getString(0), r.getString(1), r.getString(2), r.getInt(3), r.getString(4), r.getString(5)));
        }
        Map<String, List<String>> flagged = new LinkedHashMap<>();
        List<Flag> falseAlarms = new ArrayList<>();
        for (Story s : stories) {
            flagged.put(s.id(), new ArrayList<>(new TreeSet<String>()));
        }
        for (Flag f : flags) {
            boolean matched = false;
            String key = f.month() + "|" + f.community() + "|" + f.place() + "|" + f.topicId();
            int all = cellCases.getOrDefault(key, 0);
            for (Story s : stories) {
                int planted = storyCases.getOrDefault(key, Map.of()).getOrDefault(s.id(), 0);
                if (matches(s, storyTopic.get(s.id()), f) || all > 0 && planted >= 0.3 * all) {
                    matched = true;
                    if (!flagged.get(s.id()).contains(f.month())) {
                        flagged.get(s.id()).add(f.month());
                    }
                }
            }
            if (!matched) {
                falseAlarms.add(f);
            }
        }
        flagged.values().forEach(l -> l.sort(null));
        Map<String, Map<String, Evidence>> evidence = new LinkedHashMap<>();
        for (Story s : stories) {
            if (s.address() != null && s.community() != null) {
                Map<String, Evidence> byMonth = new TreeMap<>();
                for (String m : s.flagMonths()) {
                    byMonth.put(m, evidence(ct, labels.size() - (labels.containsKey(0) ? 1 : 0), s, storyTopic.get(s.id()), m));
                }
                evidence.put(s.id(), byMonth);
            }
        }
        return new Outcome(storyTopic, flagged, falseAlarms, ClusterQuality.score(fam, topic), labels, sizes, majority, evidence);
    }

    /** The story's evidence at its estate in month m (see {@link Evidence}); rows of case_topics as read by check(). */
    static Evidence evidence(List<Row> ct, int topics, Story s, int storyTopic, String m) {
        String estate = io.minqing.transform.topics.TextPrep.place(s.address());
        long y = 0;
        long n = 0;
        long topicElsewhere = 0;
        long elsewhere = 0;
        Map<String, Long> perEstate = new HashMap<>();
        for (Row r : ct) {
            if (!r.getString(4).equals(m)) {
                continue;
            }
            boolean sameCommunity = s.community().equals(r.getString(2));
            if (r.getString(3) != null) {
                perEstate.merge(r.getString(2) + "|" + r.getString(3), 1L, Long::sum);
            }
            if (sameCommunity && estate.equals(r.getString(3))) {
                n++;
                y += r.getInt(1) == storyTopic ? 1 : 0;
            }
            if (!sameCommunity) {
                elsewhere++;
                topicElsewhere += r.getInt(1) == storyTopic ? 1 : 0;
            }
        }
        double q = (double) topicElsewhere / elsewhere;
        double p = y == 0 ? 1 : 1 - new org.apache.commons.math3.distribution.BinomialDistribution(null, (int) n, q)
                .cumulativeProbability((int) y - 1);
        long estates = perEstate.values().stream().filter(c -> c >= 3).count();
        return new Evidence(y, n, q, p, estates * topics);
    }

    /** The detector cells a case counts in: its estate, its community, the district (as flag keys). */
    static List<String> cellKeys(String month, String community, String place, int topic) {
        List<String> keys = new ArrayList<>();
        keys.add(month + "|" + community + "|null|" + topic);
        keys.add(month + "|" + RecurringDetector.DISTRICT + "|null|" + topic);
        if (place != null) {
            keys.add(month + "|" + community + "|" + place + "|" + topic);
        }
        return keys;
    }

    /**
     * A flag also belongs to a story when at least 30 % of the flagged cell's cases that month are the story's planted
     * cases (truth/case_truth.csv), e.g. when some of a story's texts were assigned to a neighbouring topic.
     * Otherwise a flag belongs to a story when it is about the story's topic, in the story's community (or anywhere for
     * district-wide stories; 全区 rows for any story, whose cases also raise the district count), in a month the story
     * has planted cases or the month after.
     */
    static boolean matches(Story s, int storyTopic, Flag f) {
        if (f.topicId() != storyTopic) {
            return false;
        }
        boolean where = s.community() == null || Objects.equals(s.community(), f.community())
                || f.community().equals(RecurringDetector.DISTRICT);
        if (!where) {
            return false;
        }
        java.time.YearMonth m = java.time.YearMonth.parse(f.month());
        return s.monthsActive().contains(f.month()) || s.monthsActive().contains(m.minusMonths(1).toString());
    }
}
