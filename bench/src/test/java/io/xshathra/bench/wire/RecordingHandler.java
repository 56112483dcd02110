package io.xshathra.bench.wire;

import java.util.ArrayList;
import java.util.List;

/** Writes every callback down as one line, for golden comparisons. */
final class RecordingHandler implements ReplyHandler {
    final List<String> events = new ArrayList<>();

    @Override
    public void onPing() {
        events.add("ping");
    }

    @Override
    public void onConnected(int id, boolean pong) {
        events.add("connected " + id + " pong=" + pong);
    }

    @Override
    public void onResult(int id) {
        events.add("result " + id);
    }

    @Override
    public void onError(int id, int code, String message) {
        events.add("error " + id + " " + code + " " + message);
    }

    @Override
    public void onPublication(Payload.Fields p, boolean recognised) {
        events.add(recognised ? "pub c=" + p.channel + " s=" + p.seq + " t=" + p.sentNanos : "pub foreign");
    }

    @Override
    public void onUnsubscribe(int code, String reason) {
        events.add("unsubscribe " + code + " " + reason);
    }

    @Override
    public void onDisconnect(int code, String reason) {
        events.add("disconnect " + code + " " + reason);
    }

    @Override
    public void onOtherPush() {
        events.add("other push");
    }
}
