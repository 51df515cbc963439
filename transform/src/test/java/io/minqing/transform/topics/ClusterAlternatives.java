package io.minqing.transform.topics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Clustering alternatives measured for issue #14 by {@link ClusterExperiments} (research code, test scope): spectral
 * clustering on a cosine kNN graph, NMF on TF-IDF, and term reweighting by the entropy of a term across an
 * over-clustering. Each returns each case's cluster (0..k−1) for the same L2-normalised TF-IDF rows the product fits.
 */
final class ClusterAlternatives {

    private ClusterAlternatives() {
    }

    /**
     * How the exact kNN graph and the spectral fit grow with n: CPU seconds (this thread) of {@link #knn} and of the
     * whole {@link #spectral} fit, and of one shipped-style k-means fit for comparison, on the first n cases (with
     * titles). Run with -Dcache=FILE like {@link ClusterExperiments}.
     */
    public static void main(String[] args) throws Exception {
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        List<ClusterExperiments.Msg> msgs = ClusterExperiments.messages(java.nio.file.Path.of("/nonexistent"),
                java.nio.file.Path.of(System.getProperty("cache")));
        ClusterExperiments.Space sp = ClusterExperiments.space(msgs, true, "words", 3, 0.3, 8000, false);
        for (int n : new int[] {2500, 5000, sp.xs().size()}) {
            List<Vectorizer.Sparse> xs = sp.xs().subList(0, n);
            long t0 = bean.getCurrentThreadCpuTime();
            knn(xs, sp.dims(), 15, new int[n][], new double[n][]);
            long t1 = bean.getCurrentThreadCpuTime();
            spectral(xs, sp.dims(), 7, 14, 15, false, 300, 1);
            long t2 = bean.getCurrentThreadCpuTime();
            int[] fine = ClusterExperiments.bestKmeans(xs, sp.dims(), 35, 1, 3);
            int[] merged = ClusterExperiments.merge(xs, sp.dims(), fine, 35, 7, "avg");
            ClusterExperiments.lloyd(xs, ClusterExperiments.centres(xs, sp.dims(), merged, 7), 50);
            long t3 = bean.getCurrentThreadCpuTime();
            System.out.printf(java.util.Locale.ROOT, "n %d: kNN graph %.1f CPU s, spectral fit %.1f CPU s, shipped fit %.1f CPU s%n",
                    n, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        }
    }

    // ---------------------------------------------------------------- spectral

    /**
     * Ng–Jordan–Weiss spectral clustering: the m nearest neighbours of each case by cosine (exact, through an inverted
     * index), symmetrised by the larger weight (cosine, or 1 when {@code binary}); the normalised adjacency
     * D^-1/2 W D^-1/2; its top k eigenvectors by subspace iteration on (M + I)/2 (block of k + 8, {@code iters} steps,
     * Rayleigh–Ritz at the end); rows L2-normalised; spherical k-means (best of 3 k-means++ starts) on them.
     */
    static int[] spectral(List<Vectorizer.Sparse> xs, int dims, int k, int m, boolean binary, int iters, long seed) {
        return spectral(xs, dims, k, k, m, binary, iters, seed);
    }

    /** As above with {@code e} ≥ k eigenvectors in the embedding. */
    static int[] spectral(List<Vectorizer.Sparse> xs, int dims, int k, int e, int m, boolean binary, int iters, long seed) {
        int n = xs.size();
        int[][] nbr = new int[n][];
        double[][] wt = new double[n][];
        knn(xs, dims, m, nbr, wt);
        // symmetrise: W_ij = max(A_ij, A_ji), as adjacency lists
        List<int[]> adjIdx = new ArrayList<>(n);
        List<double[]> adjW = new ArrayList<>(n);
        java.util.Map<Long, Double> edges = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < nbr[i].length; a++) {
                int j = nbr[i][a];
                double w = binary ? 1 : wt[i][a];
                long key1 = (long) Math.min(i, j) * n + Math.max(i, j);
                edges.merge(key1, w, Math::max);
            }
        }
        int[] deg = new int[n];
        for (long ed : edges.keySet()) {
            deg[(int) (ed / n)]++;
            deg[(int) (ed % n)]++;
        }
        int[][] ai = new int[n][];
        double[][] aw = new double[n][];
        for (int i = 0; i < n; i++) {
            ai[i] = new int[deg[i]];
            aw[i] = new double[deg[i]];
        }
        int[] fill = new int[n];
        for (java.util.Map.Entry<Long, Double> ed : edges.entrySet()) {
            int i = (int) (ed.getKey() / n);
            int j = (int) (ed.getKey() % n);
            ai[i][fill[i]] = j;
            aw[i][fill[i]++] = ed.getValue();
            ai[j][fill[j]] = i;
            aw[j][fill[j]++] = ed.getValue();
        }
        double[] dInvSqrt = new double[n];
        for (int i = 0; i < n; i++) {
            double d = 0;
            for (double w : aw[i]) {
                d += w;
            }
            dInvSqrt[i] = d > 0 ? 1 / Math.sqrt(d) : 0;
        }
        double[][] u = topEigenvectors(ai, aw, dInvSqrt, e, e + 8, iters, seed);
        return ClusterExperiments.bestKmeans(embedRows(u, e), e, k, seed, 3);
    }

    /** Row i of the n × e embedding (u holds its columns), L2-normalised, as a dense Sparse row. */
    static List<Vectorizer.Sparse> embedRows(double[][] u, int e) {
        int n = u[0].length;
        List<Vectorizer.Sparse> rows = new ArrayList<>(n);
        int[] all = new int[e];
        for (int c = 0; c < e; c++) {
            all[c] = c;
        }
        for (int i = 0; i < n; i++) {
            double[] r = new double[e];
            double s = 0;
            for (int c = 0; c < e; c++) {
                r[c] = u[c][i];
                s += r[c] * r[c];
            }
            s = Math.sqrt(s);
            for (int c = 0; c < e && s > 0; c++) {
                r[c] /= s;
            }
            rows.add(new Vectorizer.Sparse(all, r));
        }
        return rows;
    }

    /**
     * Merges fine clusters to k spectrally: affinity between fine clusters a, b = the mean cosine between their cases
     * ({@code g[a][b] / (n_a n_b)}, g the Gram matrix of the clusters' vector sums), zero diagonal; normalised adjacency;
     * top k eigenvectors (dense, Commons Math); rows normalised; k-means on the fine clusters. Returns each case's group.
     */
    static int[] spectralMerge(double[][] g, double[] n, int[] fineAssign, int k, long seed) {
        int f = g.length;
        double[][] a = new double[f][f];
        double[] d = new double[f];
        for (int p = 0; p < f; p++) {
            for (int q = 0; q < f; q++) {
                if (p != q && n[p] > 0 && n[q] > 0) {
                    a[p][q] = Math.max(0, g[p][q] / (n[p] * n[q]));
                    d[p] += a[p][q];
                }
            }
        }
        for (int p = 0; p < f; p++) {
            for (int q = 0; q < f; q++) {
                a[p][q] = d[p] > 0 && d[q] > 0 ? a[p][q] / Math.sqrt(d[p] * d[q]) : 0;
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(a));
        double[] ev = eig.getRealEigenvalues();
        Integer[] order = new Integer[f];
        for (int i = 0; i < f; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(ev[q], ev[p]));
        double[][] u = new double[k][f];
        for (int c = 0; c < k; c++) {
            for (int p = 0; p < f; p++) {
                u[c][p] = eig.getV().getEntry(p, order[c]);
            }
        }
        int[] groupOfFine = ClusterExperiments.bestKmeans(embedRows(u, k), k, k, seed, 3);
        int[] out = new int[fineAssign.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = groupOfFine[fineAssign[i]];
        }
        return out;
    }

    // ---------------------------------------------------------------- document expansion

    /**
     * Term–term smoothing: S_t = the m terms whose document columns have the highest cosine with t's column (over the
     * TF-IDF rows; t itself excluded), with those cosines as weights, each row of S summing to 1; a case becomes
     * x + α·x·S, L2-normalised (its words lend weight to the words they co-occur with across the corpus).
     */
    static List<Vectorizer.Sparse> expand(List<Vectorizer.Sparse> xs, int dims, int m, double alpha) {
        int[] df = new int[dims];
        double[] colNorm = new double[dims];
        for (Vectorizer.Sparse x : xs) {
            for (int a = 0; a < x.indices().length; a++) {
                df[x.indices()[a]]++;
                colNorm[x.indices()[a]] += x.values()[a] * x.values()[a];
            }
        }
        int[][] pd = new int[dims][];
        double[][] pv = new double[dims][];
        for (int t = 0; t < dims; t++) {
            pd[t] = new int[df[t]];
            pv[t] = new double[df[t]];
            colNorm[t] = Math.sqrt(colNorm[t]);
        }
        int[] f = new int[dims];
        for (int i = 0; i < xs.size(); i++) {
            Vectorizer.Sparse x = xs.get(i);
            for (int a = 0; a < x.indices().length; a++) {
                int t = x.indices()[a];
                pd[t][f[t]] = i;
                pv[t][f[t]++] = x.values()[a];
            }
        }
        int[][] sIdx = new int[dims][];
        double[][] sW = new double[dims][];
        double[] acc = new double[dims];
        for (int t = 0; t < dims; t++) {
            java.util.Arrays.fill(acc, 0);
            for (int b = 0; b < pd[t].length; b++) {
                Vectorizer.Sparse x = xs.get(pd[t][b]);
                double v = pv[t][b];
                for (int a = 0; a < x.indices().length; a++) {
                    acc[x.indices()[a]] += v * x.values()[a];
                }
            }
            PriorityQueue<double[]> heap = new PriorityQueue<>((p, q) -> p[0] != q[0] ? Double.compare(p[0], q[0]) : Double.compare(q[1], p[1]));
            for (int u = 0; u < dims; u++) {
                if (u != t && acc[u] > 0 && colNorm[t] > 0 && colNorm[u] > 0) {
                    heap.add(new double[] {acc[u] / (colNorm[t] * colNorm[u]), u});
                    if (heap.size() > m) {
                        heap.poll();
                    }
                }
            }
            sIdx[t] = new int[heap.size()];
            sW[t] = new double[heap.size()];
            double tot = 0;
            for (int z = heap.size() - 1; z >= 0; z--) {
                double[] p = heap.poll();
                sIdx[t][z] = (int) p[1];
                sW[t][z] = p[0];
                tot += p[0];
            }
            for (int z = 0; z < sW[t].length; z++) {
                sW[t][z] /= tot;
            }
        }
        List<Vectorizer.Sparse> out = new ArrayList<>(xs.size());
        for (Vectorizer.Sparse x : xs) {
            java.util.TreeMap<Integer, Double> y = new java.util.TreeMap<>();
            for (int a = 0; a < x.indices().length; a++) {
                int t = x.indices()[a];
                y.merge(t, x.values()[a], Double::sum);
                for (int z = 0; z < sIdx[t].length; z++) {
                    y.merge(sIdx[t][z], alpha * x.values()[a] * sW[t][z], Double::sum);
                }
            }
            int[] idx = new int[y.size()];
            double[] val = new double[y.size()];
            int c = 0;
            double nn = 0;
            for (java.util.Map.Entry<Integer, Double> e : y.entrySet()) {
                idx[c] = e.getKey();
                val[c] = e.getValue();
                nn += val[c] * val[c];
                c++;
            }
            nn = Math.sqrt(nn);
            for (int a = 0; a < val.length; a++) {
                val[a] /= nn;
            }
            out.add(new Vectorizer.Sparse(idx, val));
        }
        return out;
    }

    // ---------------------------------------------------------------- consensus

    /**
     * Evidence accumulation: {@code runs} k-means runs at {@code fine} clusters (one k-means++ start each, seeds
     * seed+1000+r); each case becomes the L2-normalised concatenation of its one-hot memberships, so the dot product
     * of two cases is the share of runs that put them together (the co-association).
     */
    static List<Vectorizer.Sparse> coAssociation(List<Vectorizer.Sparse> xs, int dims, int fine, int runs, long seed) {
        int n = xs.size();
        int[][] mem = new int[runs][];
        for (int r = 0; r < runs; r++) {
            mem[r] = ClusterExperiments.bestKmeans(xs, dims, fine, seed + 1000 + r, 1);
        }
        List<Vectorizer.Sparse> out = new ArrayList<>(n);
        double v = 1 / Math.sqrt(runs);
        for (int i = 0; i < n; i++) {
            int[] idx = new int[runs];
            double[] val = new double[runs];
            for (int r = 0; r < runs; r++) {
                idx[r] = r * fine + mem[r][i];
                val[r] = v;
            }
            out.add(new Vectorizer.Sparse(idx, val));
        }
        return out;
    }

    /** The m nearest neighbours (highest cosine, excluding the case itself, ties to the lower index) of each row. */
    static void knn(List<Vectorizer.Sparse> xs, int dims, int m, int[][] nbr, double[][] wt) {
        int n = xs.size();
        int[] df = new int[dims];
        for (Vectorizer.Sparse x : xs) {
            for (int t : x.indices()) {
                df[t]++;
            }
        }
        int[][] pd = new int[dims][];
        double[][] pv = new double[dims][];
        for (int t = 0; t < dims; t++) {
            pd[t] = new int[df[t]];
            pv[t] = new double[df[t]];
        }
        int[] f = new int[dims];
        for (int i = 0; i < n; i++) {
            Vectorizer.Sparse x = xs.get(i);
            for (int a = 0; a < x.indices().length; a++) {
                int t = x.indices()[a];
                pd[t][f[t]] = i;
                pv[t][f[t]++] = x.values()[a];
            }
        }
        double[] acc = new double[n];
        int[] touched = new int[n];
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            int nt = 0;
            Vectorizer.Sparse x = xs.get(i);
            for (int a = 0; a < x.indices().length; a++) {
                int t = x.indices()[a];
                double v = x.values()[a];
                for (int b = 0; b < pd[t].length; b++) {
                    int j = pd[t][b];
                    if (!seen[j]) {
                        seen[j] = true;
                        touched[nt++] = j;
                    }
                    acc[j] += v * pv[t][b];
                }
            }
            PriorityQueue<double[]> heap = new PriorityQueue<>((p, q) -> p[0] != q[0] ? Double.compare(p[0], q[0]) : Double.compare(q[1], p[1]));
            for (int z = 0; z < nt; z++) {
                int j = touched[z];
                if (j != i && acc[j] > 0) {
                    heap.add(new double[] {acc[j], j});
                    if (heap.size() > m) {
                        heap.poll();
                    }
                }
                acc[j] = 0;
                seen[j] = false;
            }
            nbr[i] = new int[heap.size()];
            wt[i] = new double[heap.size()];
            for (int z = heap.size() - 1; z >= 0; z--) {
                double[] p = heap.poll();
                nbr[i][z] = (int) p[1];
                wt[i][z] = p[0];
            }
        }
    }

    /** Top k eigenvectors (as k arrays of n) of M = D^-1/2 W D^-1/2 by subspace iteration on (M + I)/2. */
    static double[][] topEigenvectors(int[][] ai, double[][] aw, double[] dis, int k, int block, int iters, long seed) {
        int n = ai.length;
        block = Math.min(block, n);
        Random rnd = new Random(seed);
        double[][] y = new double[block][n];
        for (double[] col : y) {
            for (int i = 0; i < n; i++) {
                col[i] = rnd.nextGaussian();
            }
        }
        orthonormalise(y);
        for (int it = 0; it < iters; it++) {
            for (int c = 0; c < block; c++) {
                y[c] = apply(ai, aw, dis, y[c]);
            }
            orthonormalise(y);
        }
        // Rayleigh–Ritz
        double[][] z = new double[block][];
        for (int c = 0; c < block; c++) {
            z[c] = apply(ai, aw, dis, y[c]);
        }
        double[][] b = new double[block][block];
        for (int p = 0; p < block; p++) {
            for (int q = 0; q < block; q++) {
                b[p][q] = dot(y[p], z[q]);
            }
        }
        for (int p = 0; p < block; p++) {
            for (int q = p + 1; q < block; q++) {
                double s = (b[p][q] + b[q][p]) / 2;
                b[p][q] = s;
                b[q][p] = s;
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(b));
        double[] ev = eig.getRealEigenvalues();
        Integer[] order = new Integer[block];
        for (int i = 0; i < block; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(ev[q], ev[p]));
        RealMatrix v = eig.getV();
        double[][] u = new double[k][n];
        for (int c = 0; c < k; c++) {
            int e = order[c];
            for (int p = 0; p < block; p++) {
                double coef = v.getEntry(p, e);
                for (int i = 0; i < n; i++) {
                    u[c][i] += coef * y[p][i];
                }
            }
        }
        return u;
    }

    private static double[] apply(int[][] ai, double[][] aw, double[] dis, double[] x) {
        int n = x.length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int a = 0; a < ai[i].length; a++) {
                int j = ai[i][a];
                s += aw[i][a] * dis[j] * x[j];
            }
            out[i] = (dis[i] * s + x[i]) / 2;
        }
        return out;
    }

    private static void orthonormalise(double[][] y) {
        for (int c = 0; c < y.length; c++) {
            for (int p = 0; p < c; p++) {
                double d = dot(y[p], y[c]);
                for (int i = 0; i < y[c].length; i++) {
                    y[c][i] -= d * y[p][i];
                }
            }
            double s = Math.sqrt(dot(y[c], y[c]));
            for (int i = 0; i < y[c].length; i++) {
                y[c][i] /= s;
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    // ---------------------------------------------------------------- NMF

    /**
     * NMF X ≈ W H (Frobenius loss, Lee–Seung multiplicative updates, {@code iters} steps) on the TF-IDF rows, best of
     * {@code starts} seeded uniform starts by reconstruction error; a case's cluster is argmax_c W_ic·‖H_c‖.
     */
    static int[] nmf(List<Vectorizer.Sparse> xs, int dims, int k, int iters, int starts, long seed) {
        int[] best = null;
        double bestErr = Double.POSITIVE_INFINITY;
        for (int s = 0; s < starts; s++) {
            double[] err = new double[1];
            int[] a = nmfOnce(xs, dims, k, iters, seed + s, err);
            if (err[0] < bestErr) {
                bestErr = err[0];
                best = a;
            }
        }
        return best;
    }

    private static int[] nmfOnce(List<Vectorizer.Sparse> xs, int dims, int k, int iters, long seed, double[] errOut) {
        int n = xs.size();
        Random rnd = new Random(seed);
        double[][] w = new double[n][k];
        double[][] h = new double[k][dims];
        for (double[] r : w) {
            for (int c = 0; c < k; c++) {
                r[c] = rnd.nextDouble();
            }
        }
        for (double[] r : h) {
            for (int t = 0; t < dims; t++) {
                r[t] = rnd.nextDouble() * 0.01;
            }
        }
        final double eps = 1e-12;
        for (int it = 0; it < iters; it++) {
            // H ← H ∘ (WᵀX) / (WᵀW H)
            double[][] num = new double[k][dims];
            for (int i = 0; i < n; i++) {
                Vectorizer.Sparse x = xs.get(i);
                for (int a = 0; a < x.indices().length; a++) {
                    int t = x.indices()[a];
                    double v = x.values()[a];
                    for (int c = 0; c < k; c++) {
                        num[c][t] += w[i][c] * v;
                    }
                }
            }
            double[][] wtw = gram(w, k);
            for (int t = 0; t < dims; t++) {
                for (int c = 0; c < k; c++) {
                    double den = 0;
                    for (int d = 0; d < k; d++) {
                        den += wtw[c][d] * h[d][t];
                    }
                    h[c][t] *= num[c][t] / (den + eps);
                }
            }
            // W ← W ∘ (X Hᵀ) / (W H Hᵀ)
            double[][] hht = new double[k][k];
            for (int c = 0; c < k; c++) {
                for (int d = c; d < k; d++) {
                    hht[c][d] = dot(h[c], h[d]);
                    hht[d][c] = hht[c][d];
                }
            }
            for (int i = 0; i < n; i++) {
                Vectorizer.Sparse x = xs.get(i);
                double[] xh = new double[k];
                for (int a = 0; a < x.indices().length; a++) {
                    int t = x.indices()[a];
                    double v = x.values()[a];
                    for (int c = 0; c < k; c++) {
                        xh[c] += v * h[c][t];
                    }
                }
                double[] row = w[i].clone();
                for (int c = 0; c < k; c++) {
                    double den = 0;
                    for (int d = 0; d < k; d++) {
                        den += row[d] * hht[d][c];
                    }
                    w[i][c] = row[c] * xh[c] / (den + eps);
                }
            }
        }
        // error = ‖X‖² − 2 tr(Wᵀ X Hᵀ) + tr(WᵀW HHᵀ)
        double[][] hht = new double[k][k];
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                hht[c][d] = dot(h[c], h[d]);
            }
        }
        double[][] wtw = gram(w, k);
        double err = 0;
        for (int i = 0; i < n; i++) {
            Vectorizer.Sparse x = xs.get(i);
            for (int a = 0; a < x.indices().length; a++) {
                int t = x.indices()[a];
                double v = x.values()[a];
                err += v * v;
                for (int c = 0; c < k; c++) {
                    err -= 2 * w[i][c] * v * h[c][t];
                }
            }
        }
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                err += wtw[c][d] * hht[c][d];
            }
        }
        errOut[0] = err;
        double[] hn = new double[k];
        for (int c = 0; c < k; c++) {
            hn[c] = Math.sqrt(hht[c][c]);
        }
        int[] assign = new int[n];
        for (int i = 0; i < n; i++) {
            int b = 0;
            for (int c = 1; c < k; c++) {
                if (w[i][c] * hn[c] > w[i][b] * hn[b]) {
                    b = c;
                }
            }
            assign[i] = b;
        }
        return assign;
    }

    private static double[][] gram(double[][] w, int k) {
        double[][] g = new double[k][k];
        for (double[] r : w) {
            for (int c = 0; c < k; c++) {
                for (int d = c; d < k; d++) {
                    g[c][d] += r[c] * r[d];
                }
            }
        }
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < c; d++) {
                g[c][d] = g[d][c];
            }
        }
        return g;
    }

    // ---------------------------------------------------------------- entropy reweighting

    /**
     * Per term a weight from how concentrated it is across an over-clustering ({@code fine} clusters): with p(c|t) ∝
     * (cases of cluster c that have t) / (cases of c), the normalised entropy H_t ∈ [0, 1] and the weight
     * (1 − H_t)^power, floored at 0.01 (a term spread evenly over the clusters says nothing about which one a case is in).
     */
    static double[] entropyWeights(List<Vectorizer.Sparse> xs, int dims, int[] fineAssign, int fine, double power) {
        double[] size = new double[fine];
        double[][] cnt = new double[dims][];
        for (int i = 0; i < xs.size(); i++) {
            size[fineAssign[i]]++;
        }
        for (int t = 0; t < dims; t++) {
            cnt[t] = new double[fine];
        }
        for (int i = 0; i < xs.size(); i++) {
            for (int t : xs.get(i).indices()) {
                cnt[t][fineAssign[i]]++;
            }
        }
        double[] w = new double[dims];
        double logF = Math.log(fine);
        for (int t = 0; t < dims; t++) {
            double tot = 0;
            double[] p = new double[fine];
            for (int c = 0; c < fine; c++) {
                p[c] = size[c] > 0 ? cnt[t][c] / size[c] : 0;
                tot += p[c];
            }
            double h = 0;
            for (int c = 0; c < fine && tot > 0; c++) {
                if (p[c] > 0) {
                    double q = p[c] / tot;
                    h -= q * Math.log(q);
                }
            }
            double hn = tot > 0 ? h / logF : 1;
            w[t] = Math.max(0.01, Math.pow(Math.max(0, 1 - hn), power));
        }
        return w;
    }

    /** Rows with every term weight multiplied by w[t], L2-normalised again. */
    static List<Vectorizer.Sparse> reweight(List<Vectorizer.Sparse> xs, double[] w) {
        List<Vectorizer.Sparse> out = new ArrayList<>(xs.size());
        for (Vectorizer.Sparse x : xs) {
            double[] v = new double[x.values().length];
            double s = 0;
            for (int a = 0; a < v.length; a++) {
                v[a] = x.values()[a] * w[x.indices()[a]];
                s += v[a] * v[a];
            }
            s = Math.sqrt(s);
            for (int a = 0; a < v.length && s > 0; a++) {
                v[a] /= s;
            }
            out.add(new Vectorizer.Sparse(x.indices(), v));
        }
        return out;
    }
}
