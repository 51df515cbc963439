package io.minqing.generator;

import java.time.YearMonth;
import java.util.List;

/**
 * A pattern planted in the sample district for the later stages to find, as the manifest lists it.
 *
 * @param id             stable id (truth files and the manifest use it)
 * @param kind           {@code topic_trend} (a topic rises at one place until a fix), {@code seasonal} (a topic that
 *                       comes and goes with the calendar), {@code community_trait} (how one community works)
 * @param community      canonical community, or null when the whole district is affected
 * @param theme          the theme its cases are drawn from, or null for community traits
 * @param address        the place the cases name (小区/村), or null
 * @param firstMonth     first month with planted cases (or the trait's first month)
 * @param lastMonth      last month with planted cases
 * @param fixMonth       month of the root fix (充电桩 installed, 违建 demolished, 游园 built), or null
 * @param fix            what the fix was, or null
 * @param flagMonths     the months a detector should flag as unusual
 * @param expectedSignal what a later stage should see, in words with numbers
 */
record Story(String id, String kind, String community, Theme theme, String address, YearMonth firstMonth,
             YearMonth lastMonth, YearMonth fixMonth, String fix, List<YearMonth> flagMonths, String expectedSignal) {

    TopicFamily family() {
        return theme == null ? null : theme.family;
    }
}
