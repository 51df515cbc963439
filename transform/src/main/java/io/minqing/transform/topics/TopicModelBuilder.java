package io.minqing.transform.topics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns fitted clusters into a {@link TopicModel}: names clusters from the taxonomy (merging clusters that take the
 * same name), labels the rest from their top terms, and gives every topic a <b>stable id</b>. On the first fit ids
 * are 1, 2, … by topic size (largest first). On a refit, each new topic inherits the id of the old topic it matches:
 * first by equal taxonomy name, then greedily by the highest cosine of the topics' term vectors, one to one, as long
 * as the cosine is at least {@code minSimilarity}; unmatched new topics get fresh ids above every id used before.
 */
public final class TopicModelBuilder {

    /** One line of the id map written on refit: old id → new id with the similarity that matched them. */
    public record IdMapping(int oldId, String oldLabel, Integer newId, String newLabel, double similarity, String how) {
    }

    public record Built(TopicModel model, List<IdMapping> idMap) {
    }

    private final Taxonomy taxonomy;
    private final double taxonomyMinShare;
    private final double minSimilarity;

    public TopicModelBuilder(Taxonomy taxonomy, double taxonomyMinShare, double minSimilarity) {
        this.taxonomy = taxonomy;
        this.taxonomyMinShare = taxonomyMinShare;
        this.minSimilarity = minSimilarity;
    }

    /** The taxonomy name each cluster takes, or null. */
    String[] names(TopicFitter.Fit fit) {
        String[] out = new String[fit.centroids().length];
        for (int c = 0; c < out.length; c++) {
            int e = TaxonomyMatch.nameOf(fit, c, taxonomy, taxonomyMinShare);
            out[c] = e < 0 ? null : taxonomy.entries().get(e).name();
        }
        return out;
    }

    public Built build(TopicFitter.Fit fit, String segmenter, String fittedMonths, TopicModel previous) {
        return build(fit, segmenter, fittedMonths, previous, Map.of());
    }

    /**
     * @param titles the fitted cases' titles by key (see {@link TitleLabeler}); a topic the taxonomy does not name is
     *               labelled from its typical cases' titles when they agree, else from its top terms
     */
    public Built build(TopicFitter.Fit fit, String segmenter, String fittedMonths, TopicModel previous,
                       Map<String, TitleLabeler.Title> titles) {
        return build(fit, segmenter, fittedMonths, previous, titles, Map.of());
    }

    /**
     * @param descriptions the fitted cases' description words by key: a topic neither the taxonomy nor the titles name
     *                     is labelled by a phrase its typical descriptions share ({@link TitleLabeler#phrase}), if any,
     *                     else by a run of title or description words around its strongest terms
     *                     ({@link TitleLabeler#fragment}, label_source {@code fragment}), and only else by its top terms
     */
    public Built build(TopicFitter.Fit fit, String segmenter, String fittedMonths, TopicModel previous,
                       Map<String, TitleLabeler.Title> titles, Map<String, List<String>> descriptions) {
        String[] names = names(fit);
        Map<Integer, List<String>> membersByCluster = new TreeMap<>();
        if (!titles.isEmpty() || !descriptions.isEmpty()) {
            fit.clusterOf().forEach((key, c) -> membersByCluster.computeIfAbsent(c, x -> new ArrayList<>()).add(key));
        }
        // group clusters into provisional topics: by taxonomy name, else one topic per cluster
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int c = 0; c < names.length; c++) {
            if (fit.sizes()[c] == 0) {
                continue;
            }
            groups.computeIfAbsent(names[c] != null ? "T:" + names[c] : "C:" + c, x -> new ArrayList<>()).add(c);
        }
        Vectorizer vec = fit.vectorizer();
        List<Provisional> prov = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            double[] sum = new double[vec.size()];
            int size = 0;
            for (int c : g.getValue()) {
                size += fit.sizes()[c];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += fit.centroids()[c][i] * fit.sizes()[c];
                }
            }
            TopicFitter.normalise(sum);
            Map<String, Double> weights = new LinkedHashMap<>();
            for (int i = 0; i < sum.length; i++) {
                if (sum[i] > 0) {
                    weights.put(vec.terms().get(i), sum[i]);
                }
            }
            List<String> top = TopicModel.topTerms(weights, 10);
            boolean named = g.getKey().startsWith("T:");
            String fromTitles = null;
            String fromDescriptions = null;
            String fromFragment = null;
            if (!named && (!titles.isEmpty() || !descriptions.isEmpty())) {
                List<String> members = new ArrayList<>();
                g.getValue().forEach(c -> members.addAll(membersByCluster.getOrDefault(c, List.of())));
                members.sort(Comparator.comparingDouble((String k) -> -fit.scoreOf().get(k)).thenComparing(k -> k));
                fromTitles = titles.isEmpty() ? null : TitleLabeler.label(members.stream().map(titles::get).toList());
                if (fromTitles == null && !descriptions.isEmpty()) {
                    fromDescriptions = TitleLabeler.phrase(members.stream().map(descriptions::get).toList());
                }
                if (fromTitles == null && fromDescriptions == null) {
                    // a run of words several typical cases wrote around the strongest terms, rather than a word triple
                    List<List<List<String>>> cases = new ArrayList<>();
                    for (String k : members) {
                        TitleLabeler.Title t = titles.get(k);
                        List<String> d = descriptions.get(k);
                        cases.add(List.of(t == null || t.words() == null ? List.of() : t.words(), d == null ? List.of() : d));
                    }
                    fromFragment = TitleLabeler.fragment(cases, weights, top);
                }
            }
            String label = named ? g.getKey().substring(2) : fromTitles != null ? fromTitles
                    : fromDescriptions != null ? fromDescriptions : fromFragment != null ? fromFragment
                    : String.join("·", top.subList(0, Math.min(3, top.size())));
            prov.add(new Provisional(g.getValue(), size, weights, top, label, named ? "taxonomy" : fromTitles != null ? "titles"
                    : fromDescriptions != null ? "descriptions" : fromFragment != null ? "fragment" : "terms"));
        }
        prov.sort(Comparator.comparingInt((Provisional p) -> -p.size).thenComparing(p -> p.label));

        List<IdMapping> idMap = new ArrayList<>();
        int[] ids = new int[prov.size()];
        int version = 1;
        if (previous == null) {
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i + 1;
            }
        } else {
            version = previous.version() + 1;
            ids = matchIds(prov, previous, idMap);
        }
        List<TopicModel.Cluster> clusters = new ArrayList<>();
        List<TopicModel.Topic> topics = new ArrayList<>();
        Map<String, Integer> labelCount = new TreeMap<>();
        for (int i = 0; i < prov.size(); i++) {
            Provisional p = prov.get(i);
            for (int c : p.clusters) {
                clusters.add(new TopicModel.Cluster(ids[i], fit.centroids()[c]));
            }
            String label = p.label;
            int dup = labelCount.merge(label, 1, Integer::sum);
            if (dup > 1) {
                label = label + " (" + dup + ")";
            }
            topics.add(new TopicModel.Topic(ids[i], label, p.source, p.top));
        }
        clusters.sort(Comparator.comparingInt(TopicModel.Cluster::topicId));
        topics.sort(Comparator.comparingInt(TopicModel.Topic::id));
        TopicModel model = new TopicModel(version, segmenter, fittedMonths, fit.documents(), vec, clusters, topics, info(fit));
        return new Built(model, idMap);
    }

    /** How k was set and which taxonomy entries seeded a centre, for model.properties (see {@link TopicModel#INFO_KEYS}). */
    private Map<String, String> info(TopicFitter.Fit fit) {
        Map<String, String> info = new LinkedHashMap<>();
        KChooser.Choice ch = fit.kChoice();
        info.put("k", Integer.toString(ch.k()));
        info.put("k_source", ch.source());
        if (ch.byCriterion()) {
            info.put("k_criterion", ch.criterion());
            if (!Double.isNaN(ch.score())) {
                info.put("k_score", Double.toString(ch.score()));
            }
            info.put("k_scores", ch.scoresText());
        }
        if (!taxonomy.isEmpty() && fit.seeding().size() == taxonomy.entries().size()) {
            List<String> seeded = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (int e = 0; e < taxonomy.entries().size(); e++) {
                TaxonomyMatch.Support s = fit.seeding().get(e);
                String name = taxonomy.entries().get(e).name();
                if (s.seeded()) {
                    seeded.add(name + " (" + s.cases() + ")");
                } else {
                    skipped.add(name + " (" + s.reason() + ")");
                }
            }
            info.put("taxonomy_seeded", String.join("; ", seeded));
            info.put("taxonomy_skipped", String.join("; ", skipped));
        }
        return info;
    }

    private int[] matchIds(List<Provisional> prov, TopicModel previous, List<IdMapping> idMap) {
        int[] ids = new int[prov.size()];
        java.util.Arrays.fill(ids, -1);
        Map<Integer, TopicModel.Topic> old = previous.topicsById();
        Map<Integer, Map<String, Double>> oldVectors = new TreeMap<>();
        for (int id : old.keySet()) {
            oldVectors.put(id, previous.topicVector(id));
        }
        java.util.Set<Integer> taken = new java.util.TreeSet<>();
        // 1. same taxonomy name
        for (int i = 0; i < prov.size(); i++) {
            if (!prov.get(i).source.equals("taxonomy")) {
                continue;
            }
            for (TopicModel.Topic t : old.values()) {
                if (t.labelSource().equals("taxonomy") && t.label().equals(prov.get(i).label) && !taken.contains(t.id())) {
                    ids[i] = t.id();
                    taken.add(t.id());
                    idMap.add(new IdMapping(t.id(), t.label(), t.id(), prov.get(i).label,
                            TopicModel.cosine(oldVectors.get(t.id()), prov.get(i).weights), "taxonomy name"));
                    break;
                }
            }
        }
        // 2. greedy by cosine
        record Pair(int newIdx, int oldId, double sim) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < prov.size(); i++) {
            if (ids[i] >= 0) {
                continue;
            }
            for (Map.Entry<Integer, Map<String, Double>> o : oldVectors.entrySet()) {
                if (taken.contains(o.getKey())) {
                    continue;
                }
                double s = TopicModel.cosine(prov.get(i).weights, o.getValue());
                if (s >= minSimilarity) {
                    pairs.add(new Pair(i, o.getKey(), s));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble((Pair p) -> -p.sim).thenComparingInt(p -> p.oldId).thenComparingInt(p -> p.newIdx));
        for (Pair p : pairs) {
            if (ids[p.newIdx] >= 0 || taken.contains(p.oldId)) {
                continue;
            }
            ids[p.newIdx] = p.oldId;
            taken.add(p.oldId);
            idMap.add(new IdMapping(p.oldId, old.get(p.oldId).label(), p.oldId, prov.get(p.newIdx).label, p.sim, "cosine"));
        }
        // 3. fresh ids
        int next = old.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) {
                ids[i] = next++;
                idMap.add(new IdMapping(-1, "", ids[i], prov.get(i).label, 0, "new topic"));
            }
        }
        for (TopicModel.Topic t : old.values()) {
            if (!taken.contains(t.id())) {
                idMap.add(new IdMapping(t.id(), t.label(), null, "", 0, "retired (no new topic matched)"));
            }
        }
        idMap.sort(Comparator.comparingInt((IdMapping m) -> m.oldId() < 0 ? Integer.MAX_VALUE : m.oldId())
                .thenComparingInt(m -> m.newId() == null ? Integer.MAX_VALUE : m.newId()));
        return ids;
    }

    private record Provisional(List<Integer> clusters, int size, Map<String, Double> weights, List<String> top, String label,
                               String source) {
    }
}
