package io.minqing.transform.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Sorting each duration once and dealing it to the groups gives every group the buffer a per-group sort would. */
class DurationColumnsTest {

    @Test
    void radixOrderEqualsArraysSortIncludingSignedZeroesAndTies() {
        Random rnd = new Random(7);
        int n = 100_000;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (rnd.nextInt(8)) {
                case 0 -> -rnd.nextDouble() * 1e6;          // negative
                case 1 -> 0.0;
                case 2 -> -0.0;                              // Double.compare puts −0.0 before 0.0, as Arrays.sort does
                case 3 -> Math.floor(rnd.nextDouble() * 50); // many ties
                case 4 -> rnd.nextDouble() * 1e-300;         // tiny and subnormal
                case 5 -> Double.MAX_VALUE * rnd.nextDouble();
                default -> rnd.nextGaussian() * 100;
            };
        }
        // a subset of rows, in a scrambled order, as the fold passes them
        int[] rows = IntStream.range(0, n).filter(i -> i % 3 != 0).toArray();
        for (int i = rows.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        int[] order = DurationColumns.ascending(v, rows, rows.length);
        double[] got = Arrays.stream(order).mapToDouble(i -> v[i]).toArray();
        double[] want = Arrays.stream(rows).mapToDouble(i -> v[i]).toArray();
        Arrays.sort(want);
        assertArrayEquals(want, got); // assertArrayEquals on doubles tells −0.0 from 0.0
        assertEquals(rows.length, Arrays.stream(order).distinct().count(), "a permutation of the rows given");
    }

    @Test
    void eachGroupGetsItsCasesDurationsInAscendingOrder() {
        // three cases; groups 0 = community A, 1 = district, 2 = handler h
        //   case 0: dispatch 5,   handle NaN, closed at 30 h  → groups 0, 1, 2
        //   case 1: dispatch 1,   handle 4,   open, age 12 h  → groups 0, 1
        //   case 2: dispatch NaN, handle 2,   closed at 7 h   → groups 1, 2
        DurationColumns d = new DurationColumns();
        d.add(5, Double.NaN, true, 30);
        d.member(0);
        d.member(1);
        d.member(2);
        d.add(1, 4, false, 12);
        d.member(0);
        d.member(1);
        d.add(Double.NaN, 2, true, 7);
        d.member(1);
        d.member(2);
        List<GroupStats.Acc> g = List.of(new GroupStats.Acc(), new GroupStats.Acc(), new GroupStats.Acc());
        d.deal(g);
        // community A: dispatch {5, 1} → 1, 5; handle {4}; closed {30}; open {12}
        assertArrayEquals(new double[] {1, 5}, values(g.get(0).dispatch));
        assertArrayEquals(new double[] {4}, values(g.get(0).handle));
        assertArrayEquals(new double[] {30}, values(g.get(0).closed));
        assertArrayEquals(new double[] {12}, values(g.get(0).open));
        // district: all three → dispatch 1, 5; handle 2, 4; closed 7, 30; open 12
        assertArrayEquals(new double[] {1, 5}, values(g.get(1).dispatch));
        assertArrayEquals(new double[] {2, 4}, values(g.get(1).handle));
        assertArrayEquals(new double[] {7, 30}, values(g.get(1).closed));
        assertArrayEquals(new double[] {12}, values(g.get(1).open));
        // handler h: cases 0 and 2 → dispatch 5; handle 2; closed 7, 30; open none
        assertArrayEquals(new double[] {5}, values(g.get(2).dispatch));
        assertArrayEquals(new double[] {2}, values(g.get(2).handle));
        assertArrayEquals(new double[] {7, 30}, values(g.get(2).closed));
        assertArrayEquals(new double[] {}, values(g.get(2).open));
    }

    @Test
    void manyCasesGrowTheColumnsAndStaySorted() {
        // 5000 cases (past the initial 1024 slots and 4096 memberships), each in group i % 7 and in group 7 (all);
        // case i closes after (5000 − i) hours, so the cases arrive in descending order and must come out ascending
        DurationColumns d = new DurationColumns();
        for (int i = 0; i < 5000; i++) {
            d.add(Double.NaN, Double.NaN, true, 5000 - i);
            d.member(i % 7);
            d.member(7);
        }
        List<GroupStats.Acc> g = IntStream.range(0, 8).mapToObj(i -> new GroupStats.Acc()).toList();
        d.deal(g);
        double[] all = values(g.get(7).closed);
        assertEquals(5000, all.length);
        assertEquals(1.0, all[0]);
        assertEquals(5000.0, all[4999]);
        for (int i = 1; i < all.length; i++) {
            assertEquals(all[i - 1] + 1, all[i]);
        }
        // group 3 holds cases 3, 10, 17 … 4994 (i = 3 + 7k, k = 0 … 713: 714 cases), hours 5000 − i: 6, 13, … 4997
        double[] g3 = values(g.get(3).closed);
        assertEquals(714, g3.length);
        assertEquals(6.0, g3[0]);
        assertEquals(4997.0, g3[713]);
    }

    @Test
    void casesOfManyGroupsAndMoreGroupsThanASortPayloadNamesGetWhatAPerGroupSortGives() {
        // a case of at most five groups carries them in its sort payload when every group index fits in 12 bits;
        // cases of six to nine groups (a level with several departments) and a partition of 5,000 groups (a Spark
        // partition of many months) take the cases' packed groups instead: each group must still get exactly its
        // cases' values, ascending, as collecting them per group and sorting each with Arrays.sort gives
        for (int ng : new int[] {20, 5000}) {
            Random rnd = new Random(ng);
            int n = 20_000;
            DurationColumns d = new DurationColumns();
            List<List<Double>> dispatch = IntStream.range(0, ng).mapToObj(i -> (List<Double>) new java.util.ArrayList<Double>()).toList();
            List<List<Double>> closedAge = IntStream.range(0, ng).mapToObj(i -> (List<Double>) new java.util.ArrayList<Double>()).toList();
            List<List<Double>> openAge = IntStream.range(0, ng).mapToObj(i -> (List<Double>) new java.util.ArrayList<Double>()).toList();
            for (int i = 0; i < n; i++) {
                double disp = rnd.nextInt(10) == 0 ? Double.NaN : Math.floor(rnd.nextDouble() * 1000) / 4;
                boolean closed = rnd.nextBoolean();
                double age = rnd.nextDouble() * 500;
                d.add(disp, Double.NaN, closed, age);
                int count = 1 + rnd.nextInt(9);
                java.util.Set<Integer> gs = new java.util.LinkedHashSet<>();
                while (gs.size() < count) {
                    gs.add(rnd.nextInt(ng));
                }
                for (int g : gs) {
                    d.member(g);
                    if (!Double.isNaN(disp)) {
                        dispatch.get(g).add(disp);
                    }
                    (closed ? closedAge : openAge).get(g).add(age);
                }
            }
            List<GroupStats.Acc> acc = IntStream.range(0, ng).mapToObj(i -> new GroupStats.Acc()).toList();
            d.deal(acc);
            for (int g = 0; g < ng; g++) {
                assertArrayEquals(sorted(dispatch.get(g)), values(acc.get(g).dispatch), ng + " groups, group " + g);
                assertArrayEquals(new double[0], values(acc.get(g).handle));
                assertArrayEquals(sorted(closedAge.get(g)), values(acc.get(g).closed), ng + " groups, group " + g);
                assertArrayEquals(sorted(openAge.get(g)), values(acc.get(g).open), ng + " groups, group " + g);
            }
        }
    }

    private static double[] sorted(List<Double> l) {
        double[] a = l.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a;
    }

    private static double[] values(GroupStats.Buf b) {
        return Arrays.copyOf(b.sorted(), b.n);
    }
}
