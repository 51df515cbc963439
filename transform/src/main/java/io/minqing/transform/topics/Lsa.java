package io.minqing.transform.topics;

import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Latent semantic analysis for clustering: the L2-normalised TF-IDF rows projected on the top {@code dims} right
 * singular vectors of the case × term matrix, each projection L2-normalised again. The singular vectors come from a
 * seeded randomised SVD (Halko, Martinsson &amp; Tropp 2011: a Gaussian sketch with 10 extra columns, two power
 * iterations with re-orthonormalisation, then the eigen-decomposition of the small sketch Gram matrix), so the result
 * is reproducible bit for bit. Words that occur together pull their cases together even when two cases share no word.
 */
final class Lsa {

    /** Power iterations of the randomised SVD (each one a pass of Xᵀ and X over the rows). */
    static final int POWER_ITERATIONS = 2;

    private Lsa() {
    }

    /** The top singular values (largest first) and their right singular vectors ({@code v[term][k]}). */
    record Svd(double[] values, double[][] v) {
    }

    /** Rows projected to {@code dims} dimensions (dense, as sparse vectors with every index), normalised. */
    static List<Vectorizer.Sparse> project(List<Vectorizer.Sparse> xs, int terms, int dims, long seed) {
        return project(xs, terms, dims, seed, POWER_ITERATIONS);
    }

    static List<Vectorizer.Sparse> project(List<Vectorizer.Sparse> xs, int terms, int dims, long seed, int powerIterations) {
        Svd svd = svd(xs, terms, dims, seed, powerIterations);
        double[][] v = svd.v();
        int d = svd.values().length;
        int[] all = new int[d];
        for (int k = 0; k < d; k++) {
            all[k] = k;
        }
        List<Vectorizer.Sparse> out = new java.util.ArrayList<>(xs.size());
        for (Vectorizer.Sparse x : xs) {
            double[] z = new double[d];
            for (int j = 0; j < x.indices().length; j++) {
                double[] vr = v[x.indices()[j]];
                double w = x.values()[j];
                for (int k = 0; k < d; k++) {
                    z[k] += w * vr[k];
                }
            }
            TopicFitter.normalise(z);
            out.add(new Vectorizer.Sparse(all, z));
        }
        return out;
    }

    /** Seeded randomised truncated SVD of the rows {@code xs} (n × terms): the top {@code dims} singular triplets' s and v. */
    static Svd svd(List<Vectorizer.Sparse> xs, int terms, int dims, long seed) {
        return svd(xs, terms, dims, seed, POWER_ITERATIONS);
    }

    static Svd svd(List<Vectorizer.Sparse> xs, int terms, int dims, long seed, int powerIterations) {
        int l = Math.min(dims + 10, Math.min(terms, xs.size()));
        int d = Math.min(dims, l);
        Random rnd = new Random(seed);
        double[][] omega = new double[terms][l];
        for (double[] row : omega) {
            for (int j = 0; j < l; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        double[][] q = orthonormal(times(xs, omega, l));
        for (int it = 0; it < powerIterations; it++) {
            double[][] z = orthonormal(transposeTimes(xs, q, terms, l));
            q = orthonormal(times(xs, z, l));
        }
        double[][] bt = transposeTimes(xs, q, terms, l); // Bᵀ = Xᵀ Q, terms × l
        double[][] gram = new double[l][l];
        for (double[] row : bt) {
            for (int a = 0; a < l; a++) {
                if (row[a] == 0) {
                    continue;
                }
                for (int b = 0; b < l; b++) {
                    gram[a][b] += row[a] * row[b];
                }
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(gram, false));
        double[] lambda = eig.getRealEigenvalues();
        Integer[] order = new Integer[l];
        for (int i = 0; i < l; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(lambda[b], lambda[a]));
        RealMatrix u = eig.getV();
        // right singular vectors v_k = Bᵀ u_k / s_k, terms × d
        double[][] v = new double[terms][d];
        double[] values = new double[d];
        for (int k = 0; k < d; k++) {
            double s = Math.sqrt(Math.max(lambda[order[k]], 1e-300));
            values[k] = s;
            double[] uk = u.getColumn(order[k]);
            for (int t = 0; t < terms; t++) {
                double acc = 0;
                for (int a = 0; a < l; a++) {
                    acc += bt[t][a] * uk[a];
                }
                v[t][k] = acc / s;
            }
        }
        return new Svd(values, v);
    }

    /** X · M for sparse rows X (n × terms) and dense M (terms × l): n × l. */
    private static double[][] times(List<Vectorizer.Sparse> xs, double[][] m, int l) {
        double[][] y = new double[xs.size()][l];
        for (int i = 0; i < xs.size(); i++) {
            Vectorizer.Sparse x = xs.get(i);
            double[] yi = y[i];
            for (int j = 0; j < x.indices().length; j++) {
                double[] mr = m[x.indices()[j]];
                double w = x.values()[j];
                for (int a = 0; a < l; a++) {
                    yi[a] += w * mr[a];
                }
            }
        }
        return y;
    }

    /** Xᵀ · Q for sparse rows X (n × terms) and dense Q (n × l): terms × l. */
    private static double[][] transposeTimes(List<Vectorizer.Sparse> xs, double[][] q, int terms, int l) {
        double[][] z = new double[terms][l];
        for (int i = 0; i < xs.size(); i++) {
            Vectorizer.Sparse x = xs.get(i);
            double[] qi = q[i];
            for (int j = 0; j < x.indices().length; j++) {
                double[] zr = z[x.indices()[j]];
                double w = x.values()[j];
                for (int a = 0; a < l; a++) {
                    zr[a] += w * qi[a];
                }
            }
        }
        return z;
    }

    /** Orthonormal columns (modified Gram–Schmidt on column copies); a column that vanishes is left zero. */
    private static double[][] orthonormal(double[][] y) {
        int n = y.length;
        int l = n == 0 ? 0 : y[0].length;
        double[][] c = new double[l][n];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < l; a++) {
                c[a][i] = y[i][a];
            }
        }
        for (int a = 0; a < l; a++) {
            double[] ca = c[a];
            for (int b = 0; b < a; b++) {
                double[] cb = c[b];
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += ca[i] * cb[i];
                }
                for (int i = 0; i < n; i++) {
                    ca[i] -= dot * cb[i];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += ca[i] * ca[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                ca[i] = norm > 1e-12 ? ca[i] / norm : 0;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < l; a++) {
                y[i][a] = c[a][i];
            }
        }
        return y;
    }
}
