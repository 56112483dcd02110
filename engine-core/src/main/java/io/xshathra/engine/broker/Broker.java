package io.xshathra.engine.broker;

import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.util.concurrent.CompletionStage;

/**
 * Publish/subscribe between nodes plus the channels' history streams.
 *
 * <p>Contract: publications of one channel get consecutive offsets in one epoch and are handed
 * to every subscribed node's {@link BrokerEventHandler} in offset order. Storing a publication
 * and handing it on are atomic with respect to other publishes of the same channel, so a reader
 * that sees top offset N has been (or will be) handed every publication up to N. Join and leave
 * events are not stored. Stages may complete on any thread.
 */
public interface Broker extends AutoCloseable {

    /** Sets the receiver of deliveries; called once before any subscribe. */
    void setEventHandler(BrokerEventHandler handler);

    /** Starts delivering the channel's events to this node (idempotent). */
    CompletionStage<Void> subscribe(String channel);

    /** Stops delivering the channel's events to this node (idempotent). */
    CompletionStage<Void> unsubscribe(String channel);

    /**
     * Publishes, appending to the channel's stream when {@code options} keep history. The
     * publication's offset is set by the broker.
     */
    CompletionStage<PublishResult> publish(String channel, Publication publication, PublishOptions options);

    /** Delivers a join event to the channel's subscribers. */
    CompletionStage<Void> publishJoin(String channel, ClientInfo info);

    /** Delivers a leave event to the channel's subscribers. */
    CompletionStage<Void> publishLeave(String channel, ClientInfo info);

    /**
     * Reads the stream. Creates the stream's metadata (a new epoch) when absent. Fails with
     * {@link UnrecoverablePositionException} when {@code since} names another epoch. While this
     * node is subscribed to the channel, the metadata created by a read stays until its meta TTL
     * (or an implementation's retention bound) ends it; a broker may keep no metadata for a
     * channel that never had a publication and has no subscriber, answering a fresh epoch at
     * offset 0 each time (a client recovering from such an epoch is then told it did not recover).
     */
    CompletionStage<HistoryResult> history(String channel, HistoryQuery query);

    /** Drops the stream's publications; the epoch and top offset stay. */
    CompletionStage<Void> removeHistory(String channel);

    @Override
    void close();
}
