package io.xshathra.controlplane.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.usage.HourSlots;
import io.xshathra.controlplane.usage.UsageMinute;
import io.xshathra.controlplane.usage.UsageRecorder;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.UrlEncoded;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/realtime/usage[?fromMs=…&toMs=…]}: a project's usage per minute over at most
 * the last 24 hours. The answer lists every minute whose start is in {@code [fromMs, toMs)}
 * (fromMs rounded down to its minute), zeros included, oldest first, with the window's totals.
 * Without parameters: the 1440 minutes up to and including the current one. A parameter that is
 * not a whole number, repeated, unknown, or outside the last 24 hours is a 400 naming it.
 */
final class UsageEndpoint {
    static final long DAY_MS = 24 * HourSlots.HOUR_MS;
    private static final Set<String> PARAMETERS = Set.of("fromMs", "toMs");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UsageRecorder recorder;
    private final Clock clock;

    UsageEndpoint(UsageRecorder recorder, Clock clock) {
        this.recorder = recorder;
        this.clock = clock;
    }

    /** The window a query asks for, checked; throws {@link ApiProblem.Failure} naming the parameter. */
    Window window(String rawQuery) {
        Map<String, List<String>> q;
        try {
            q = UrlEncoded.decode(rawQuery, 8);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem.Failure(invalid("query", "is not a valid query string"));
        }
        for (Map.Entry<String, List<String>> e : q.entrySet()) {
            if (!PARAMETERS.contains(e.getKey())) {
                throw new ApiProblem.Failure(invalid(e.getKey(), "is not a parameter of this endpoint (fromMs, toMs)"));
            }
            if (e.getValue().size() > 1) {
                throw new ApiProblem.Failure(invalid(e.getKey(), "must be given once"));
            }
        }
        long now = clock.millis();
        long latestEnd = HourSlots.minuteOf(now) + HourSlots.MINUTE_MS;
        long earliest = latestEnd - DAY_MS;
        long to = millis(q, "toMs", latestEnd);
        long from = millis(q, "fromMs", Math.max(earliest, to - DAY_MS));
        long first = HourSlots.minuteOf(from);
        long end = HourSlots.minuteOf(to - 1) + HourSlots.MINUTE_MS;
        if (to > latestEnd) {
            throw new ApiProblem.Failure(invalid("toMs", "must not be after the end of the current minute ("
                    + latestEnd + ")"));
        }
        if (first < earliest) {
            throw new ApiProblem.Failure(invalid("fromMs", "must be within the last 24 hours (at least "
                    + earliest + "); older usage is not kept"));
        }
        if (to <= from) {
            throw new ApiProblem.Failure(invalid("toMs", "must be greater than fromMs"));
        }
        return new Window(first, end);
    }

    /** The minutes of a checked window. */
    CompletionStage<RealtimeApi.Answer> answer(Project project, Window w) {
        return recorder.read(project.id(), w.fromMs(), w.toMs()).thenApply(minutes -> {
            ObjectNode out = JSON.createObjectNode().put("fromMs", w.fromMs()).put("toMs", w.toMs())
                    .put("stepMs", HourSlots.MINUTE_MS);
            long peak = 0;
            long in = 0;
            long delivered = 0;
            long hooks = 0;
            ArrayNode list = out.putArray("minutes");
            for (UsageMinute m : minutes) {
                list.addObject().put("timeMs", m.timeMs()).put("connections", m.connections())
                        .put("publicationsIn", m.publicationsIn()).put("deliveriesOut", m.deliveriesOut())
                        .put("webhookDeliveries", m.webhookDeliveries());
                peak = Math.max(peak, m.connections());
                in += m.publicationsIn();
                delivered += m.deliveriesOut();
                hooks += m.webhookDeliveries();
            }
            out.putObject("totals").put("peakConnections", peak).put("publicationsIn", in)
                    .put("deliveriesOut", delivered).put("webhookDeliveries", hooks);
            return new RealtimeApi.Answer(HttpStatus.OK, out);
        });
    }

    /** A checked window: minute starts in {@code [fromMs, toMs)}. */
    record Window(long fromMs, long toMs) {
    }

    private static long millis(Map<String, List<String>> q, String name, long otherwise) {
        List<String> v = q.get(name);
        if (v == null) {
            return otherwise;
        }
        String s = v.get(0);
        if (s.isEmpty() || s.length() > 15 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ApiProblem.Failure(invalid(name, "must be a time in milliseconds since the epoch (digits only)"));
        }
        return Long.parseLong(s);
    }

    private static ApiProblem invalid(String parameter, String rule) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_parameter", parameter + ": " + rule);
    }
}
