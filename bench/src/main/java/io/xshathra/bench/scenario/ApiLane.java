package io.xshathra.bench.scenario;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.xshathra.bench.net.ApiConnection;
import io.xshathra.bench.net.ClientTransport;
import io.xshathra.bench.net.Endpoint;
import io.xshathra.bench.wire.JsonText;
import java.nio.charset.StandardCharsets;

/** A publish lane over one keep-alive server API connection ({@code POST <api>/publish}). */
final class ApiLane extends PublishLane implements ApiConnection.Listener {
    private final String[] channelNames;
    private final ApiConnection connection;
    private volatile EventLoop loop;

    ApiLane(ClientTransport transport, int index, Settings s, String[] channelNames, int[] channels,
            double rate, int payloadBytes, PublishStats stats) {
        super(channels, rate, payloadBytes, stats);
        this.channelNames = channelNames;
        this.connection = ApiConnection.open(transport, index, s.api(), s.apiKey(), this, s.timeoutMillis());
    }

    @Override
    protected EventLoop loop() {
        return loop;
    }

    @Override
    protected void send(int channel, byte[] data, int length) {
        String name = channelNames[channel];
        ByteBuf body = io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(length + name.length() + 32);
        body.writeCharSequence("{\"channel\":", StandardCharsets.US_ASCII);
        JsonText.writeString(body, name);
        body.writeCharSequence(",\"data\":", StandardCharsets.US_ASCII);
        body.writeBytes(data, 0, length);
        body.writeByte('}');
        connection.post("publish", body);
    }

    @Override
    public void onOpen(ApiConnection c) {
        loop = c.eventLoop();
        opened.countDown();
    }

    @Override
    public void onResponse(ApiConnection c, int status, int errorCode, String errorMessage) {
        if (status != 200) {
            acknowledged("API publish answered HTTP " + status);
        } else if (errorMessage != null) {
            acknowledged("API publish error " + errorCode + " " + errorMessage);
        } else {
            acknowledged(null);
        }
    }

    @Override
    public void onClosed(ApiConnection c, String reason) {
        died(reason);
    }

    void close() {
        connection.close();
    }
}
