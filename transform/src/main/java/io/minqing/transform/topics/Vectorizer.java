package io.minqing.transform.topics;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TF-IDF over a fixed vocabulary: weight = (1 + ln tf) × idf, idf = ln((n + 1) / (df + 1)) (Spark's IDF formula),
 * the vector L2-normalised so a dot product is the cosine. Title words count twice (a title says in a few words
 * what the description says in many). Pure Java, so the same code vectorises when fitting and when assigning.
 */
public final class Vectorizer implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> terms;
    private final double[] idf;
    private final Map<String, Integer> index;

    public Vectorizer(List<String> terms, double[] idf) {
        if (terms.size() != idf.length) {
            throw new IllegalArgumentException("terms and idf differ in length: " + terms.size() + " vs " + idf.length);
        }
        this.terms = List.copyOf(terms);
        this.idf = idf.clone();
        this.index = new HashMap<>();
        for (int i = 0; i < terms.size(); i++) {
            index.put(terms.get(i), i);
        }
    }

    /** idf from a document frequency: ln((n + 1) / (df + 1)). */
    public static double idf(long documents, long df) {
        return Math.log((documents + 1.0) / (df + 1.0));
    }

    public List<String> terms() {
        return terms;
    }

    public double[] idf() {
        return idf.clone();
    }

    public int size() {
        return terms.size();
    }

    public Integer indexOf(String term) {
        return index.get(term);
    }

    /** A sparse L2-normalised TF-IDF vector: parallel arrays of sorted term indices and weights. */
    public record Sparse(int[] indices, double[] values) implements Serializable {
        public boolean isEmpty() {
            return indices.length == 0;
        }

        public double dot(double[] dense) {
            double s = 0;
            for (int i = 0; i < indices.length; i++) {
                s += values[i] * dense[indices[i]];
            }
            return s;
        }
    }

    /** Term index → count in the case, a title word counting twice. */
    private TreeMap<Integer, Integer> termCounts(List<String> titleWords, List<String> descriptionWords) {
        TreeMap<Integer, Integer> tf = new TreeMap<>();
        for (String w : titleWords) {
            Integer i = index.get(w);
            if (i != null) {
                tf.merge(i, 2, Integer::sum);
            }
        }
        for (String w : descriptionWords) {
            Integer i = index.get(w);
            if (i != null) {
                tf.merge(i, 1, Integer::sum);
            }
        }
        return tf;
    }

    /** Vector of a case from its title words and description words. */
    public Sparse vector(List<String> titleWords, List<String> descriptionWords) {
        TreeMap<Integer, Integer> tf = termCounts(titleWords, descriptionWords);
        int[] idx = new int[tf.size()];
        double[] val = new double[tf.size()];
        int k = 0;
        double norm = 0;
        for (Map.Entry<Integer, Integer> e : tf.entrySet()) {
            idx[k] = e.getKey();
            val[k] = (1 + Math.log(e.getValue())) * idf[e.getKey()];
            norm += val[k] * val[k];
            k++;
        }
        if (norm > 0) {
            double n = Math.sqrt(norm);
            for (int i = 0; i < val.length; i++) {
                val[i] /= n;
            }
        }
        return new Sparse(idx, val);
    }

    /** Raw term counts (title words twice), for LDA, which models counts rather than weights. */
    public Sparse counts(List<String> titleWords, List<String> descriptionWords) {
        TreeMap<Integer, Integer> tf = termCounts(titleWords, descriptionWords);
        int[] idx = tf.keySet().stream().mapToInt(Integer::intValue).toArray();
        double[] val = tf.values().stream().mapToDouble(Integer::doubleValue).toArray();
        return new Sparse(idx, val);
    }

    @Override
    public String toString() {
        return "Vectorizer(" + terms.size() + " terms, first " + terms.subList(0, Math.min(5, terms.size())) + ", idf "
                + Arrays.toString(Arrays.copyOf(idf, Math.min(3, idf.length))) + ")";
    }
}
