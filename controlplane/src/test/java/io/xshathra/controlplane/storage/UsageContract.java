package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.usage.HourRow;
import io.xshathra.controlplane.usage.HourSlots;
import io.xshathra.controlplane.usage.UsageCounters;
import io.xshathra.controlplane.usage.UsageMinute;
import io.xshathra.controlplane.usage.UsageRecorder;
import io.xshathra.engine.channel.ChannelSpace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Usage rows and the recorder over them, run against every database. */
public abstract class UsageContract extends StoreTestBase {

    private final Map<String, Integer> connectionsA = new ConcurrentHashMap<>();

    private UsageRecorder recorder(String nodeId, UsageCounters counters, Map<String, Integer> connections) {
        return new UsageRecorder(nodeId, counters, () -> Map.copyOf(connections), store.usage(), clock);
    }

    private static String key(String project) {
        return ChannelSpace.key(project, "news");
    }

    private List<UsageMinute> lastMinutes(UsageRecorder r, String project, int n) {
        long to = HourSlots.minuteOf(clock.millis()) + HourSlots.MINUTE_MS;
        return await(r.read(project, to - n * HourSlots.MINUTE_MS, to));
    }

    @Test
    void rowsAreReplacedPerProjectNodeAndHourAndReadBackInRange() {
        long h = HourSlots.hourOf(clock.millis());
        await(store.usage().save(List.of(new HourRow("proj_A", "n1", h, "AAEBAQE"),
                new HourRow("proj_A", "n2", h, "AAICAgI"), new HourRow("proj_B", "n1", h, "AAMDAwM"))));
        await(store.usage().save(List.of(new HourRow("proj_A", "n1", h, "AAQEBAQ"),
                new HourRow("proj_A", "n1", h - HourSlots.HOUR_MS, "AAUFBQU"))));

        assertThat(await(store.usage().rows("proj_A", h, h + HourSlots.HOUR_MS)))
                .extracting(HourRow::nodeId, HourRow::slots)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("n1", "AAQEBAQ"),
                        org.assertj.core.groups.Tuple.tuple("n2", "AAICAgI"));
        assertThat(await(store.usage().rows("proj_A", h - HourSlots.HOUR_MS, h + HourSlots.HOUR_MS))).hasSize(3);
        assertThat(await(store.usage().rows("proj_C", h - HourSlots.HOUR_MS, h + HourSlots.HOUR_MS))).isEmpty();
    }

    @Test
    void pruningDeletesOldHoursABoundedBatchAtATime() {
        long h = HourSlots.hourOf(clock.millis());
        List<HourRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(new HourRow("proj_" + i, "n1", h - 30 * HourSlots.HOUR_MS, "AAEBAQE"));
        }
        rows.add(new HourRow("proj_0", "n1", h, "AAEBAQE"));
        await(store.usage().save(rows));

        assertThat(await(store.usage().prune(h - 24 * HourSlots.HOUR_MS, 3))).isEqualTo(3);
        assertThat(await(store.usage().prune(h - 24 * HourSlots.HOUR_MS, 3))).isEqualTo(2);
        assertThat(await(store.usage().prune(h - 24 * HourSlots.HOUR_MS, 3))).isZero();
        assertThat(await(store.usage().rows("proj_0", 0, Long.MAX_VALUE))).hasSize(1);
    }

    @Test
    void theLiveMinuteIsReadBeforeItIsWrittenAndEachProjectSeesOnlyItsOwn() {
        UsageCounters counters = new UsageCounters();
        UsageRecorder r = recorder("n1", counters, connectionsA);
        connectionsA.put("proj_A", 2);
        counters.published(key("proj_A"));
        counters.published(key("proj_A"));
        counters.delivered(key("proj_A"), 5);
        counters.webhookDelivered("proj_A", 1);
        counters.published("news");

        List<UsageMinute> a = lastMinutes(r, "proj_A", 3);
        assertThat(a).hasSize(3);
        assertThat(a.get(2)).isEqualTo(new UsageMinute(HourSlots.minuteOf(clock.millis()), 2, 2, 5, 1));
        assertThat(a.get(0)).isEqualTo(new UsageMinute(a.get(2).timeMs() - 120_000, 0, 0, 0, 0));
        assertThat(lastMinutes(r, "proj_B", 3)).allMatch(m -> m.equals(new UsageMinute(m.timeMs(), 0, 0, 0, 0)));
        assertThat(await(store.usage().rows("proj_A", 0, Long.MAX_VALUE))).as("nothing written yet").isEmpty();
    }

    @Test
    void eachMinuteGetsWhatHappenedInItAndNodesAddUp() {
        UsageCounters onA = new UsageCounters();
        UsageCounters onB = new UsageCounters();
        Map<String, Integer> connectionsB = new ConcurrentHashMap<>();
        UsageRecorder a = recorder("node-a", onA, connectionsA);
        UsageRecorder b = recorder("node-b", onB, connectionsB);
        connectionsA.put("proj_A", 3);
        connectionsB.put("proj_A", 4);
        onA.published(key("proj_A"));
        onB.delivered(key("proj_A"), 7);
        a.tick();
        b.tick();
        connectionsA.put("proj_A", 1);
        a.tick();
        clock.advance(Duration.ofMinutes(1));
        onA.published(key("proj_A"));
        onA.published(key("proj_A"));
        a.tick();
        b.tick();
        await(a.flush());
        await(b.flush());

        UsageRecorder reader = recorder("node-c", new UsageCounters(), Map.of());
        List<UsageMinute> m = lastMinutes(reader, "proj_A", 2);
        assertThat(m.get(0)).isEqualTo(new UsageMinute(m.get(1).timeMs() - 60_000, 7, 1, 7, 0));
        assertThat(m.get(1)).isEqualTo(new UsageMinute(m.get(0).timeMs() + 60_000, 5, 2, 0, 0));
        assertThat(lastMinutes(a, "proj_A", 2)).as("a writer reads the same").isEqualTo(m);
    }

    @Test
    void closingWritesTheCurrentMinuteAndOldRowsArePruned() {
        UsageCounters counters = new UsageCounters();
        UsageRecorder r = recorder("n1", counters, connectionsA);
        long old = HourSlots.hourOf(clock.millis()) - 26 * HourSlots.HOUR_MS;
        await(store.usage().save(List.of(new HourRow("proj_A", "gone", old, "AAEBAQE"))));
        counters.delivered(key("proj_A"), 9);
        r.close();

        List<HourRow> stored = await(store.usage().rows("proj_A", 0, Long.MAX_VALUE));
        assertThat(stored).extracting(HourRow::nodeId).containsExactly("n1");
        HourSlots h = HourSlots.decode(stored.get(0).slots());
        assertThat(h.deliveriesOut(HourSlots.slotOf(clock.millis()))).isEqualTo(9);
    }

    @Test
    void aWriteThatFailsIsRetriedWithTheNextOne() {
        UsageCounters counters = new UsageCounters();
        UsageRecorder r = recorder("n1", counters, connectionsA);
        counters.published(key("proj_A"));
        sql(c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate("drop table usage_hours");
            }
            return null;
        });
        await(r.flush());
        sql(c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate("create table usage_hours (project_id varchar(40) not null, node_id varchar(64) not null,"
                        + " hour_ms bigint not null, slots text not null, primary key (project_id, hour_ms, node_id))");
            }
            return null;
        });
        clock.advance(Duration.ofSeconds(10));
        await(r.flush());
        assertThat(await(store.usage().rows("proj_A", 0, Long.MAX_VALUE))).hasSize(1);
    }
}
