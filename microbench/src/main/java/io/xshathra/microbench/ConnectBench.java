package io.xshathra.microbench;

import io.xshathra.engine.client.ClientSession;
import io.xshathra.engine.config.TokenConfig;
import io.xshathra.engine.token.ConnectToken;
import io.xshathra.engine.token.TokenException;
import io.xshathra.engine.token.TokenVerifier;
import io.xshathra.protocol.ProtocolType;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The connect path, since the connect rate is a target. {@link #verifyToken} is one HS256
 * connection-token verification ({@code sub} and {@code exp} claims) by a {@link TokenVerifier}
 * configured like the server's. {@link #connectSession} is a whole JSON connection's life
 * without the network: a new {@link ClientSession} on a {@link CountingTransport}, the connect
 * frame through {@code handleFrame} (decode, verify, register, encode and write the reply), then
 * the transport going away (unregister).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ConnectBench {
    private TokenVerifier verifier;
    private String token;
    private BenchNode engine;
    private InlineEventLoop loop;
    private byte[] connectFrame;

    @Setup
    public void setup() {
        verifier = new TokenVerifier(TokenConfig.hmac(Samples.SECRET), Clock.systemUTC());
        token = Samples.token("user-1");
        engine = new BenchNode();
        loop = new InlineEventLoop();
        connectFrame = Samples.jsonConnectFrame(token);
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public ConnectToken verifyToken() throws TokenException {
        return verifier.verifyConnectToken(token);
    }

    @Benchmark
    public CountingTransport connectSession() {
        CountingTransport transport = new CountingTransport(ProtocolType.JSON, loop);
        ClientSession session = engine.node().newSession(transport);
        session.handleFrame(connectFrame);
        session.onTransportClosed();
        return transport;
    }

    /** The node the sessions connect to (for checks). */
    BenchNode engine() {
        return engine;
    }
}
