package io.minqing.transform.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * The durations of one partition's counted cases and the groups each case belongs to, so that every duration is
 * sorted once instead of once per group.
 *
 * <p>Why: a counted case belongs to five or more groups (its community, the district, its handler type and handler,
 * its escalation level and each co-handling department), and the exact percentiles and the Kaplan–Meier estimator need
 * each group's durations in order. Sorting every group's buffer sorted each value five-plus times — a third of the month
 * pass's CPU at 10M cases. Here each kind of duration is ordered once for the whole partition (a radix sort, linear in
 * the number of cases) and then dealt to the groups in that order, so every group's buffer is born sorted.
 */
final class DurationColumns {

    private double[] dispatch = new double[1024];
    private double[] handle = new double[1024];
    private double[] age = new double[1024];
    private boolean[] closed = new boolean[1024];
    /** Groups of case i: members[start[i] .. start[i + 1]). */
    private int[] start = new int[1025];
    private int[] members = new int[4096];
    private int n;
    private int m;

    /** Starts the next case: its dispatch and handling hours (NaN when absent), whether it is closed, and its age. */
    void add(double dispatchHours, double handleHours, boolean isClosed, double ageHours) {
        if (n == dispatch.length) {
            int c = n * 2;
            dispatch = Arrays.copyOf(dispatch, c);
            handle = Arrays.copyOf(handle, c);
            age = Arrays.copyOf(age, c);
            closed = Arrays.copyOf(closed, c);
            start = Arrays.copyOf(start, c + 1);
        }
        dispatch[n] = dispatchHours;
        handle[n] = handleHours;
        closed[n] = isClosed;
        age[n] = ageHours;
        n++;
        start[n] = m;
    }

    /** The current case belongs to group g (an index into the list given to {@link #deal}). */
    void member(int g) {
        if (m == members.length) {
            members = Arrays.copyOf(members, m * 2);
        }
        members[m++] = g;
        start[n] = m;
    }

    /** Appends every case's durations to its groups' buffers in ascending order, and marks the buffers sorted. */
    void deal(List<GroupStats.Acc> groups) {
        // each case's groups packed after its group count, where the case's offset points: dealing in value order then
        // reads one place per case (a cache line or two) instead of three arrays at random, which at 500k cases a
        // month missed the cache three times per case and value (half the Java samples of the 10M pass)
        int[] packed = new int[n + m];
        // and, when every group index fits in GROUP_BITS, a case of at most INLINE groups carries them in its sort
        // payload itself (its community, district, handler type, handler and level: most cases), so that dealing it
        // reads nothing at random; the others carry their offset into packed
        boolean inline = groups.size() <= GROUP_MASK + 1;
        long[] payload = new long[n];
        int p = 0;
        for (int i = 0; i < n; i++) {
            int c = start[i + 1] - start[i];
            if (inline && c <= INLINE) {
                long q = (long) c << COUNT_SHIFT;
                for (int j = 0; j < c; j++) {
                    q |= (long) members[start[i] + j] << (GROUP_BITS * j);
                }
                payload[i] = q;
            } else {
                payload[i] = OUTLINE | p;
            }
            packed[p++] = c;
            System.arraycopy(members, start[i], packed, p, c);
            p += c;
        }
        deal(dispatch, null, groups.stream().map(a -> a.dispatch).toList(), packed, payload);
        deal(handle, null, groups.stream().map(a -> a.handle).toList(), packed, payload);
        deal(age, Boolean.TRUE, groups.stream().map(a -> a.closed).toList(), packed, payload);
        deal(age, Boolean.FALSE, groups.stream().map(a -> a.open).toList(), packed, payload);
    }

    /** Bits of a group index carried in a sort payload, and the most groups a payload carries. */
    private static final int GROUP_BITS = 12;
    private static final int GROUP_MASK = (1 << GROUP_BITS) - 1;
    private static final int INLINE = 5;
    /** Where a payload keeps its number of groups (0..INLINE), or OUTLINE's 15 for an offset into packed. */
    private static final int COUNT_SHIFT = 60;
    private static final long OUTLINE = 15L << COUNT_SHIFT;

    /**
     * The cases' values (NaN = none; onlyClosed, when set, keeps only cases whose closed flag equals it) appended in
     * ascending order to the buffers of their groups, bufs.get(g) being group g's buffer of this kind; packed and
     * payload are the cases' groups as {@link #deal(List)} packs them.
     */
    private void deal(double[] values, Boolean onlyClosed, List<GroupStats.Buf> bufs, int[] packed, long[] payload) {
        int[] rows = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(values[i]) && (onlyClosed == null || closed[i] == onlyClosed)) {
                rows[k++] = i;
            }
        }
        // each group's buffer sized once (its number of values), then filled in ascending order through plain arrays:
        // the buffers are empty before (deal is their only writer)
        int ng = bufs.size();
        int[] size = new int[ng];
        long[] key = new long[k];
        long[] at = new long[k];
        for (int x = 0; x < k; x++) {
            int i = rows[x];
            for (int j = start[i]; j < start[i + 1]; j++) {
                size[members[j]]++;
            }
            key[x] = orderKey(values[i]);
            at[x] = payload[i];
        }
        double[][] into = new double[ng][];
        for (int g = 0; g < ng; g++) {
            if (bufs.get(g).n != 0) {
                throw new IllegalStateException("DurationColumns: a buffer was written before the deal");
            }
            into[g] = new double[size[g]];
        }
        int[] fill = new int[ng];
        Sorted sorted = sort(key, at, k);
        long[] keys = sorted.keys();
        long[] payloads = sorted.payload();
        for (int x = 0; x < k; x++) {
            double v = fromOrderKey(keys[x]);
            long q = payloads[x];
            int c = (int) (q >>> COUNT_SHIFT);
            if (c <= INLINE) {
                for (int j = 0; j < c; j++) {
                    int g = (int) (q >>> (GROUP_BITS * j)) & GROUP_MASK;
                    into[g][fill[g]++] = v;
                }
            } else {
                int o = (int) q;
                int end = o + 1 + packed[o];
                for (int j = o + 1; j < end; j++) {
                    int g = packed[j];
                    into[g][fill[g]++] = v;
                }
            }
        }
        for (int g = 0; g < ng; g++) {
            bufs.get(g).fill(into[g]);
        }
    }

    /** A double's order-preserving bit pattern as a signed-to-unsigned key: negative values flip all bits, others the sign. */
    private static long orderKey(double v) {
        long b = Double.doubleToRawLongBits(v);
        return b ^ ((b >> 63) | Long.MIN_VALUE);
    }

    /** The double of an {@link #orderKey} (the exact bits: −0.0 stays −0.0). */
    private static double fromOrderKey(long key) {
        return Double.longBitsToDouble(key < 0 ? key ^ Long.MIN_VALUE : ~key);
    }

    /**
     * rows[0..k) reordered so that values[rows[i]] ascends in {@link Double#compare} order (−0.0 before 0.0; no NaN):
     * the order {@link #deal} sorts each duration kind's values in ({@link #orderKey} through {@link #sort}).
     */
    static int[] ascending(double[] values, int[] rows, int k) {
        long[] key = new long[k];
        long[] row = new long[k];
        for (int i = 0; i < k; i++) {
            key[i] = orderKey(values[rows[i]]);
            row[i] = rows[i];
        }
        long[] sorted = sort(key, row, k).payload();
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = (int) sorted[i];
        }
        return out;
    }

    /** Keys in ascending unsigned order with their payloads. */
    private record Sorted(long[] keys, long[] payload) {
    }

    /**
     * key[0..k) with payload[0..k) in ascending unsigned key order: an LSD radix sort on 16-bit digits, skipping
     * digits all keys share. Reuses (and may return) the arrays given.
     */
    private static Sorted sort(long[] key, long[] row, int k) {
        long[] key2 = new long[k];
        long[] row2 = new long[k];
        int[] count = new int[1 << 16];
        for (int shift = 0; shift < 64; shift += 16) {
            Arrays.fill(count, 0);
            for (int i = 0; i < k; i++) {
                count[(int) (key[i] >>> shift) & 0xFFFF]++;
            }
            if (k == 0 || count[(int) (key[0] >>> shift) & 0xFFFF] == k) {
                continue; // every key has this digit: the pass would not move anything
            }
            int sum = 0;
            for (int d = 0; d < count.length; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int i = 0; i < k; i++) {
                int p = count[(int) (key[i] >>> shift) & 0xFFFF]++;
                key2[p] = key[i];
                row2[p] = row[i];
            }
            long[] tk = key;
            key = key2;
            key2 = tk;
            long[] tr = row;
            row = row2;
            row2 = tr;
        }
        return new Sorted(key, row);
    }
}
