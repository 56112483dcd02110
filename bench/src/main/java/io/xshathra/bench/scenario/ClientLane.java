package io.xshathra.bench.scenario;

import io.netty.channel.EventLoop;
import io.xshathra.bench.net.WsConnection;
import io.xshathra.bench.net.WsConnector;
import io.xshathra.bench.wire.Payload;

/**
 * A publish lane over one client connection subscribed to its single channel (publishing as a
 * client needs the namespace's {@code allow_publish_for_subscriber}). Its own publications
 * coming back are ignored: it is not one of the measured subscribers.
 */
final class ClientLane extends PublishLane implements WsConnection.Listener {
    private final WsConnection connection;
    private final int channel;

    ClientLane(WsConnector connector, int index, String token, String channelName, int channel, double rate,
               int payloadBytes, PublishStats stats) {
        super(new int[] {channel}, rate, payloadBytes, stats);
        this.channel = channel;
        this.connection = connector.open(index, token, channelName, this);
    }

    @Override
    protected EventLoop loop() {
        return connection.eventLoop();
    }

    @Override
    protected void send(int ch, byte[] data, int length) {
        connection.publish(data, length);
    }

    @Override
    public void onReady(WsConnection c, long nanos) {
        opened.countDown();
    }

    @Override
    public void onFailed(WsConnection c, String reason) {
        died("publisher for channel " + channel + ": " + reason);
    }

    @Override
    public void onLost(WsConnection c, String reason) {
        died("publisher for channel " + channel + ": " + reason);
    }

    @Override
    public void onPublishReply(WsConnection c, int id, int code, String message) {
        acknowledged(code == 0 ? null : "client publish error " + code + " " + message);
    }

    @Override
    public void onPublication(WsConnection c, Payload.Fields p, boolean recognised, long receivedNanos) {
        // The publisher's own messages: not counted.
    }

    WsConnection connection() {
        return connection;
    }
}
