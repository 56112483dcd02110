package io.xshathra.it;

import io.github.centrifugal.centrifuge.Client;
import io.github.centrifugal.centrifuge.ClientState;
import io.github.centrifugal.centrifuge.ConnectedEvent;
import io.github.centrifugal.centrifuge.ConnectingEvent;
import io.github.centrifugal.centrifuge.DisconnectedEvent;
import io.github.centrifugal.centrifuge.ErrorEvent;
import io.github.centrifugal.centrifuge.EventListener;
import io.github.centrifugal.centrifuge.JoinEvent;
import io.github.centrifugal.centrifuge.LeaveEvent;
import io.github.centrifugal.centrifuge.Options;
import io.github.centrifugal.centrifuge.PublicationEvent;
import io.github.centrifugal.centrifuge.ResultCallback;
import io.github.centrifugal.centrifuge.ServerPublicationEvent;
import io.github.centrifugal.centrifuge.ServerSubscribedEvent;
import io.github.centrifugal.centrifuge.ServerUnsubscribedEvent;
import io.github.centrifugal.centrifuge.Subscription;
import io.github.centrifugal.centrifuge.SubscriptionErrorEvent;
import io.github.centrifugal.centrifuge.SubscriptionEventListener;
import io.github.centrifugal.centrifuge.SubscriptionOptions;
import io.github.centrifugal.centrifuge.SubscribedEvent;
import io.github.centrifugal.centrifuge.UnsubscribedEvent;
import io.xshathra.testkit.Await;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The official centrifuge-java client with every event it fires recorded in a queue, so that a
 * test waits for events with deadlines instead of sleeping.
 */
final class JavaClient implements AutoCloseable {
    final BlockingQueue<ConnectedEvent> connected = new LinkedBlockingQueue<>();
    final BlockingQueue<ConnectingEvent> connecting = new LinkedBlockingQueue<>();
    final BlockingQueue<DisconnectedEvent> disconnected = new LinkedBlockingQueue<>();
    final BlockingQueue<ErrorEvent> errors = new LinkedBlockingQueue<>();
    final BlockingQueue<ServerSubscribedEvent> serverSubscribed = new LinkedBlockingQueue<>();
    final BlockingQueue<ServerPublicationEvent> serverPublications = new LinkedBlockingQueue<>();
    final BlockingQueue<ServerUnsubscribedEvent> serverUnsubscribed = new LinkedBlockingQueue<>();
    final Client client;
    /** The client id of the latest connection. */
    volatile String clientId;

    JavaClient(String url, String token) {
        Options opts = new Options();
        opts.setToken(token);
        opts.setName("it");
        // Reconnects in these tests are expected, not backed off for seconds.
        opts.setMinReconnectDelay(50);
        opts.setMaxReconnectDelay(200);
        client = new Client(url, opts, new EventListener() {
            @Override
            public void onConnected(Client c, ConnectedEvent e) {
                clientId = e.getClient();
                connected.add(e);
            }

            @Override
            public void onConnecting(Client c, ConnectingEvent e) {
                connecting.add(e);
            }

            @Override
            public void onDisconnected(Client c, DisconnectedEvent e) {
                disconnected.add(e);
            }

            @Override
            public void onError(Client c, ErrorEvent e) {
                errors.add(e);
            }

            @Override
            public void onSubscribed(Client c, ServerSubscribedEvent e) {
                serverSubscribed.add(e);
            }

            @Override
            public void onPublication(Client c, ServerPublicationEvent e) {
                serverPublications.add(e);
            }

            @Override
            public void onUnsubscribed(Client c, ServerUnsubscribedEvent e) {
                serverUnsubscribed.add(e);
            }
        });
    }

    /** Connects and waits for the connected event. */
    static JavaClient connected(ServerFixture server, String user) {
        JavaClient c = new JavaClient(server.wsUrl(), ServerFixture.token(user));
        c.client.connect();
        Await.take(c.connected, "connected event for user " + user);
        return c;
    }

    /** A client-side subscription with its events recorded. */
    static final class Sub {
        final BlockingQueue<SubscribedEvent> subscribed = new LinkedBlockingQueue<>();
        final BlockingQueue<PublicationEvent> publications = new LinkedBlockingQueue<>();
        final BlockingQueue<SubscriptionErrorEvent> errors = new LinkedBlockingQueue<>();
        final BlockingQueue<UnsubscribedEvent> unsubscribed = new LinkedBlockingQueue<>();
        final BlockingQueue<JoinEvent> joins = new LinkedBlockingQueue<>();
        final BlockingQueue<LeaveEvent> leaves = new LinkedBlockingQueue<>();
        Subscription subscription;
    }

    /** Creates and starts a subscription (not waiting for the result). */
    Sub subscribe(String channel, SubscriptionOptions options) {
        Sub s = new Sub();
        try {
            s.subscription = client.newSubscription(channel, options, new SubscriptionEventListener() {
                @Override
                public void onSubscribed(Subscription sub, SubscribedEvent e) {
                    s.subscribed.add(e);
                }

                @Override
                public void onPublication(Subscription sub, PublicationEvent e) {
                    s.publications.add(e);
                }

                @Override
                public void onError(Subscription sub, SubscriptionErrorEvent e) {
                    s.errors.add(e);
                }

                @Override
                public void onUnsubscribed(Subscription sub, UnsubscribedEvent e) {
                    s.unsubscribed.add(e);
                }

                @Override
                public void onJoin(Subscription sub, JoinEvent e) {
                    s.joins.add(e);
                }

                @Override
                public void onLeave(Subscription sub, LeaveEvent e) {
                    s.leaves.add(e);
                }
            });
        } catch (Exception e) {
            throw new AssertionError("newSubscription(" + channel + ")", e);
        }
        s.subscription.subscribe();
        return s;
    }

    /** Subscribes and waits for the subscribed event. */
    Sub subscribed(String channel) {
        Sub s = subscribe(channel, new SubscriptionOptions());
        Await.take(s.subscribed, "subscribed to " + channel);
        return s;
    }

    /** Adapts a callback-style call of the client to a future. */
    static <T> CompletableFuture<T> call(Consumer<ResultCallback<T>> op) {
        CompletableFuture<T> f = new CompletableFuture<>();
        op.accept((error, result) -> {
            if (error != null) {
                f.completeExceptionally(error);
            } else {
                f.complete(result);
            }
        });
        return f;
    }

    @Override
    public void close() throws InterruptedException {
        // disconnect() runs on the client's executor after the event being handled; closing the
        // executors while a connect reply is still being handled makes the SDK print a
        // RejectedExecutionException.
        client.disconnect();
        Await.until(Await.SHORT, () -> client.getState() == ClientState.DISCONNECTED, "client disconnected");
        client.close(2000);
    }
}
