package io.minqing.contract.marts;

import static io.minqing.contract.Column.optional;
import static io.minqing.contract.Column.required;
import static io.minqing.contract.ColumnType.BOOLEAN;
import static io.minqing.contract.ColumnType.DOUBLE;
import static io.minqing.contract.ColumnType.INT;
import static io.minqing.contract.ColumnType.LONG;
import static io.minqing.contract.ColumnType.STRING;
import static io.minqing.contract.ColumnType.STRING_LIST;

import io.minqing.contract.Column;
import io.minqing.contract.TableSchema;
import java.util.List;

/**
 * The marts written by {@code minqing topics} (transform, package {@code io.minqing.transform.topics}) under
 * {@code lake/marts/<table>/}: what residents keep raising, where, and since when. Reports read them with DuckDB
 * and may rely on exactly these columns. {@code docs/topics.md} documents the same tables and
 * {@code TopicMartsDocumentTest} fails when the two drift apart.
 */
public final class TopicMarts {

    /** Values of {@code topics.label_source}. */
    public static final List<String> LABEL_SOURCES = List.of("taxonomy", "titles", "descriptions", "fragment", "terms");

    /** Values of {@code topics.k_source}. */
    public static final List<String> K_SOURCES = List.of("user", "criterion");

    /** Values of {@code recurring_issues.rule}. */
    public static final List<String> RULES = List.of("recurring", "rising", "both", "cluster");

    public static final TableSchema CASE_TOPICS = new TableSchema("case_topics", "one row per staged case", List.of(
            required("case_id", "件号", STRING, "Identifier of the case in its source; unique together with source."),
            required("source", "来源", STRING, "Source system of the case, as staged."),
            required("community", "社区", STRING, "Canonical community name, as staged."),
            optional("place", "小区", STRING, "Residential estate (小区/村/苑 …) parsed from the staged address, with building and unit numbers dropped; null when the address names none."),
            required("topic_id", "主题编号", INT, "Stable topic id from the saved topic model (lake/models/topics); kept across months and mapped on refit."),
            required("topic_label", "主题", STRING, "Human label of the topic (from the taxonomy file or the topic's top terms)."),
            required("score", "主题得分", DOUBLE, "Cosine similarity (0–1) of the case's TF-IDF vector and the topic centroid; 0 when the text has no word of the model's vocabulary (then topic_id is 0, 未归类)."),
            required("model_version", "模型版本", STRING, "Version of the topic model that assigned the case (v1, v2 … one per fit or refit)."),
            required("received_month", "收件月份", STRING, "Month of received_at, yyyy-MM; the Parquet partition folder.")
    ), "received_month");

    public static final TableSchema TOPICS = new TableSchema("topics", "one row per topic of the current model", List.of(
            required("topic_id", "主题编号", INT, "Stable topic id (see case_topics.topic_id)."),
            required("label", "主题", STRING, "Human label: the taxonomy name when the district's taxonomy claims the topic, else the title (or run of title words) most of its typical cases share, else the run of 2–3 description words most of them share, else a run of 2–3 title or description words around its strongest terms that at least 3 of them wrote, else (no such text) its three strongest terms joined with ·."),
            new Column("label_source", "标签来源", STRING, false, "Where the label came from: the curated taxonomy file, the titles of the topic's most typical cases, a phrase their descriptions share (when the titles agree on none or there are none), a fragment: a run of words around the topic's strongest terms that several of them wrote (when neither agrees on a phrase), or the topic's top terms (only when none of these has text to offer).", LABEL_SOURCES),
            required("top_terms", "关键词", STRING_LIST, "The 10 terms with the highest centroid weight, strongest first."),
            required("example_case_ids", "典型案例", STRING_LIST, "Up to 5 case ids closest to the centroid (most typical cases), most typical first."),
            required("size", "件数", LONG, "Cases assigned to the topic in case_topics (all months)."),
            required("share", "占比", DOUBLE, "size divided by all cases in case_topics (0–1)."),
            required("model_version", "模型版本", STRING, "Version of the topic model the row describes."),
            required("k", "聚类数", INT, "Number of clusters k the model was fitted with (the same on every row)."),
            new Column("k_source", "聚类数来源", STRING, false, "How k was set: user (topics.k or -k) or criterion (chosen when the model was fitted because the user set none; see k_criterion).", K_SOURCES),
            optional("k_criterion", "选择准则", STRING, "The criterion that chose k (stability: mean pairwise ARI of seeded k-means runs on a sample; see docs/topics.md); null when the user set k."),
            optional("k_score", "准则得分", DOUBLE, "The criterion's score of the chosen k (0–1); null when the user set k.")
    ), null);

    public static final TableSchema TOPIC_COMMUNITY_MONTH = new TableSchema("topic_community_month",
            "one row per community × month × topic, for every month in which the community has any case (zero counts included)", List.of(
            required("community", "社区", STRING, "Canonical community name."),
            required("month", "月份", STRING, "Month of received_at, yyyy-MM."),
            required("topic_id", "主题编号", INT, "Stable topic id."),
            required("topic_label", "主题", STRING, "Label of the topic."),
            required("case_count", "件数", LONG, "Cases of this topic received in this community and month."),
            required("community_cases", "社区件数", LONG, "All cases received in this community and month (the denominator of share)."),
            required("share", "占比", DOUBLE, "case_count / community_cases (0–1)."),
            optional("prev_count", "上月件数", LONG, "case_count of the previous calendar month (0 when the community had no case that month); null in the first month of the data."),
            optional("change_vs_prev", "环比变化", LONG, "case_count − prev_count; null when prev_count is null."),
            optional("prev3_mean", "前三月均值", DOUBLE, "Mean case_count of the three previous calendar months; null when the data starts less than three months earlier."),
            optional("change_vs_prev3", "较前三月变化", DOUBLE, "case_count − prev3_mean; null when prev3_mean is null."),
            required("district_count", "全区件数", LONG, "Cases of this topic in the whole district this month."),
            required("district_share", "全区占比", DOUBLE, "district_count / all cases of the district this month (0–1).")
    ), null);

    public static final TableSchema RECURRING_ISSUES = new TableSchema("recurring_issues",
            "one row per as-of month × community × place × topic that meets a detector rule (每月一题 candidates and their history)", List.of(
            required("as_of_month", "评估月份", STRING, "The month the detector was evaluated for, yyyy-MM: it sees cases received up to the end of this month."),
            required("community", "社区", STRING, "Canonical community name, or 全区 for a district-wide row (the topic in the whole district against its own recent share)."),
            optional("place", "小区", STRING, "Residential estate where the address repeats; null for the whole community."),
            required("topic_id", "主题编号", INT, "Stable topic id."),
            required("topic_label", "主题", STRING, "Label of the topic."),
            new Column("rule", "规则", STRING, false, "Which rule fired: recurring (elevated in at least m of the last n months), rising (Poisson CUSUM alarm over the own baseline), both, or cluster (only the one-month estate cluster test: an unusual number of cases of the topic at one 小区 this month). See docs/topics.md.", RULES),
            required("is_flagged", "本月候选", BOOLEAN, "True when the issue is live this month: the rule holds and the as-of month itself is elevated or the CUSUM is in alarm. These are the 每月一题 candidates."),
            required("is_stopped", "已停止", BOOLEAN, "True when the rule held within the window but the last quiet-months months (default 2) are not elevated: stopped, presumably resolved at the root."),
            optional("stopped_since", "停止月份", STRING, "First month of the current quiet run when is_stopped; else null."),
            required("window_months", "窗口月数", INT, "n: months in the look-back window ending at as_of_month."),
            required("months_elevated", "超常月数", INT, "m: months of the window whose count is significantly above expectation (see elevated_months)."),
            required("elevated_months", "超常月份", STRING_LIST, "The elevated months of the window, yyyy-MM, oldest first."),
            required("month_counts", "逐月件数", STRING_LIST, "yyyy-MM:count for every month of the window, oldest first (the evidence)."),
            required("current_count", "本月件数", LONG, "Cases of the topic at this community/place in as_of_month."),
            required("expected_count", "本月期望", DOUBLE, "Expected cases in as_of_month under the baseline (see docs/topics.md)."),
            required("poisson_p", "泊松p值", DOUBLE, "Upper-tail Poisson probability P(X ≥ current_count) with mean expected_count."),
            required("cusum", "CUSUM值", DOUBLE, "Poisson CUSUM statistic at as_of_month (log-likelihood ratio for a doubling of the rate, reset at 0)."),
            required("cusum_threshold", "CUSUM阈值", DOUBLE, "Alarm threshold h of the CUSUM."),
            required("first_month", "首次月份", STRING, "First elevated month of the window (start of the episode)."),
            required("example_case_ids", "典型案例", STRING_LIST, "3 to 5 case ids of the episode, most typical (highest topic score) first."),
            optional("cluster_p", "聚集p值", DOUBLE, "Estate rows: binomial upper tail P(X ≥ current_count) among the estate's cases of all topics this month at the topic's share in the other communities (the cluster test); null for community and district rows and for estates with fewer than min-count cases this month."),
            optional("cluster_alpha", "聚集阈值", DOUBLE, "Estate rows: the Bonferroni level the cluster test compares cluster_p with, A / m (A the accepted false cluster flags a month district-wide, m the estate × topic cells tested that month); null where cluster_p is null.")
    ), null);

    /** The topic marts, in the order docs/topics.md documents them. */
    public static final List<TableSchema> ALL = List.of(CASE_TOPICS, TOPICS, TOPIC_COMMUNITY_MONTH, RECURRING_ISSUES);

    private TopicMarts() {
    }
}
