package io.xshathra.engine.broker;

import io.xshathra.engine.config.MapOptions;
import java.util.concurrent.CompletionStage;

/**
 * Keyed channel state for map subscriptions: the current entry of every key, and, in modes with
 * a stream ({@link MapOptions.MapMode#hasStream()}), a bounded change stream subscribers catch up
 * and recover from.
 *
 * <p>Contract: every call names the channel's {@link MapOptions} (mode, key TTL, stream size and
 * TTLs), which the caller resolves from the namespace; calls for one channel must pass the same
 * options. Changes of one channel are ordered: in modes with a stream each change (a write or a
 * removal) gets the next offset of the channel's epoch and is appended to the stream; the entry
 * of a key then carries the offset of its last write. Storing a change and handing it to the
 * {@link BrokerEventHandler} of every subscribed node are atomic with respect to other changes of
 * the channel, and changes are handed on in offset order, as a {@link Publication} with
 * {@code key} set (and {@code removed} for a removal). An expired key is removed by the broker
 * exactly like an explicit removal, so subscribers see its removal. A state read and a stream
 * read each answer the channel's current position; a channel without a stream answers offset 0.
 * Stages may complete on any thread.
 */
public interface MapBroker extends AutoCloseable {

    /** Sets the receiver of changes; called once before any subscribe. */
    void setEventHandler(BrokerEventHandler handler);

    /** Starts handing the channel's changes to this node (idempotent per subscribe/unsubscribe pair). */
    CompletionStage<Void> subscribe(String channel);

    /** Stops handing the channel's changes to this node. */
    CompletionStage<Void> unsubscribe(String channel);

    /**
     * Writes {@code key}. Suppressed (nothing stored or handed on) when the idempotency key was
     * seen within 5 minutes, when {@code options.keyMode()} does not hold, or when a version is
     * given that is not newer than the key's; a suppressed {@link MapKeyMode#IF_NEW} write with
     * {@code refreshTtlOnSuppress} extends the existing key's TTL. Fails with
     * {@link MapLimitException} when the channel holds its most keys and {@code key} is new.
     */
    CompletionStage<MapUpdateResult> publish(String channel, String key, MapPublishOptions options, MapOptions map);

    /** Removes {@code key}; suppressed with {@code key_not_found} when it is absent. */
    default CompletionStage<MapUpdateResult> remove(String channel, String key, String idempotencyKey, MapOptions map) {
        return remove(channel, key, idempotencyKey, null, map);
    }

    /**
     * Removes {@code key}, the removal carrying {@code tags} (null: what the broker gives a
     * removal by default, see the implementation), so that tag-filtered subscribers see it.
     */
    CompletionStage<MapUpdateResult> remove(String channel, String key, String idempotencyKey,
                                            java.util.Map<String, String> tags, MapOptions map);

    /**
     * One page of the state, keys in ascending order after {@code query.cursor()}. Fails with
     * {@link UnrecoverablePositionException} when {@code query.revision()} names another epoch.
     */
    CompletionStage<MapStateResult> readState(String channel, MapStateQuery query, MapOptions map);

    /**
     * Changes after {@code since} (all retained when null), oldest first, at most {@code limit}
     * (negative: no limit), with the stream's top. Fails with {@link UnrecoverablePositionException}
     * when {@code since} names another epoch, or when changes after it are no longer retained.
     */
    CompletionStage<HistoryResult> readStream(String channel, StreamPosition since, int limit, MapOptions map);

    /**
     * The entry of {@code key} alone (no entries when it is absent or its TTL passed) with the
     * channel's position. Fails like {@link #readState} when {@code revision} names another epoch.
     */
    CompletionStage<MapStateResult> readKey(String channel, String key, StreamPosition revision, MapOptions map);

    /** How many keys the channel holds now (keys whose TTL passed are not counted). */
    CompletionStage<Integer> stats(String channel, MapOptions map);

    /**
     * Drops the channel's keys, change stream and position, as if it never existed: the next
     * read or write starts a new epoch. Nothing is handed on to subscribers.
     */
    CompletionStage<Void> clear(String channel, MapOptions map);

    @Override
    void close();
}
