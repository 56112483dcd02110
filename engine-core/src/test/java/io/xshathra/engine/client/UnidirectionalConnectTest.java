package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import org.junit.jupiter.api.Test;

/** A unidirectional client cannot read an error reply: each connect error becomes a disconnect. */
class UnidirectionalConnectTest {

    @Test
    void connectErrorsBecomeDisconnects() {
        assertThat(UnidirectionalConnect.disconnectFor(ClientError.TOKEN_EXPIRED)).isEqualTo(Disconnect.EXPIRED);
        assertThat(UnidirectionalConnect.disconnectFor(ClientError.EXPIRED)).isEqualTo(Disconnect.EXPIRED);
        assertThat(UnidirectionalConnect.disconnectFor(ClientError.TOO_MANY_REQUESTS))
                .isEqualTo(Disconnect.TOO_MANY_REQUESTS);
        assertThat(UnidirectionalConnect.disconnectFor(ClientError.PERMISSION_DENIED))
                .isEqualTo(Disconnect.PERMISSION_DENIED);
        for (ClientError other : new ClientError[] {ClientError.INTERNAL, ClientError.UNAUTHORIZED,
                ClientError.BAD_REQUEST, ClientError.LIMIT_EXCEEDED, ClientError.NOT_AVAILABLE}) {
            assertThat(UnidirectionalConnect.disconnectFor(other)).as("%s", other).isEqualTo(Disconnect.SERVER_ERROR);
        }
    }
}
