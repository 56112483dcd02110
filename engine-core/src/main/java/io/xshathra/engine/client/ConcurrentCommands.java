package io.xshathra.engine.client;

import io.xshathra.protocol.proto.Command;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * {@code client.concurrency} for one connection: lets up to {@code limit} of its commands that
 * complete asynchronously (subscribe, publish and map writes, presence, presence stats, history,
 * RPC, refresh, sub_refresh — the ones that wait on a proxy backend or the broker) run side by
 * side, so that a slow backend no longer holds back the commands after it. Each reply goes out as
 * its command completes, with the command's id (the SDKs match replies by id).
 *
 * <p>Like Centrifugo, a connection whose limit is reached stops taking commands until one of the
 * running ones completes (its commands wait in the session's bounded queue, and reading pauses as
 * usual). Stricter than Centrifugo, commands naming the same channel still run one after the
 * other, in the order they were sent — a subscribe and the publish or unsubscribe that follows it
 * never overtake each other — and so do refreshes.
 *
 * <p>Created by the session only when the limit is above 1; used on the session's event loop only.
 */
final class ConcurrentCommands {
    /** The key refreshes share: a connection's expiry is updated by one refresh at a time. */
    private static final String REFRESH = "\u0000refresh";

    private final int limit;
    private int running;
    /** Of the running commands, the subscribes. */
    private int subscribing;
    /** Channels (and {@link #REFRESH}) with a command running; at most {@code limit} entries. */
    private final Set<String> busy = new HashSet<>();

    ConcurrentCommands(int limit) {
        this.limit = limit;
    }

    /** Whether the command at the head of the queue may start now; otherwise the queue waits. */
    boolean admit(ClientSession session, Command cmd) {
        String key = key(cmd);
        if (key != null && busy.contains(key)) {
            return false;
        }
        if (cmd.hasSubscribe() && subscribing > 0 && session.subscriptionCount() + subscribing
                >= session.ctx.config().client().channelLimit()) {
            // Subscribes under way may take the last places: wait for their outcome, so that the
            // channel limit counts them as Centrifugo does (it reserves a channel while subscribing).
            return false;
        }
        return !eligible(cmd) || running < limit;
    }

    /**
     * Takes over a command that did not complete at once: true when it runs alongside others,
     * in which case {@code done} is called on {@code session}'s event loop when it completes; false
     * when the session must wait for it as usual.
     */
    boolean track(ClientSession session, Command cmd, CompletableFuture<CommandOutcome> f,
                  BiConsumer<Command, CompletableFuture<CommandOutcome>> done) {
        if (!eligible(cmd)) {
            return false;
        }
        String key = key(cmd);
        running++;
        boolean subscribe = cmd.hasSubscribe() && !cmd.hasConnect() && !cmd.hasPing();
        subscribing += subscribe ? 1 : 0;
        if (key != null) {
            busy.add(key);
        }
        f.whenComplete((o, e) -> session.execute(() -> {
            running--;
            subscribing -= subscribe ? 1 : 0;
            if (key != null) {
                busy.remove(key);
            }
            done.accept(cmd, f);
        }));
        return true;
    }

    /** Commands in flight (for tests). */
    int running() {
        return running;
    }

    /** Whether the command may run alongside others; follows the session's dispatch order. */
    private static boolean eligible(Command cmd) {
        if (cmd.hasConnect() || cmd.hasPing() || cmd.hasUnsubscribe()) {
            return false;
        }
        return cmd.hasSubscribe() || cmd.hasPublish() || cmd.hasPresence() || cmd.hasPresenceStats()
                || cmd.hasHistory() || cmd.hasRpc() || (!cmd.hasSend() && (cmd.hasRefresh() || cmd.hasSubRefresh()));
    }

    /** The channel a command is about (or the refresh key); null for commands about none. */
    private static String key(Command cmd) {
        if (cmd.hasConnect() || cmd.hasPing()) {
            return null;
        }
        if (cmd.hasSubscribe()) {
            return cmd.getSubscribe().getChannel();
        }
        if (cmd.hasUnsubscribe()) {
            return cmd.getUnsubscribe().getChannel();
        }
        if (cmd.hasPublish()) {
            return cmd.getPublish().getChannel();
        }
        if (cmd.hasPresence()) {
            return cmd.getPresence().getChannel();
        }
        if (cmd.hasPresenceStats()) {
            return cmd.getPresenceStats().getChannel();
        }
        if (cmd.hasHistory()) {
            return cmd.getHistory().getChannel();
        }
        if (cmd.hasRpc() || cmd.hasSend()) {
            return null;
        }
        return cmd.hasRefresh() ? REFRESH : cmd.hasSubRefresh() ? cmd.getSubRefresh().getChannel() : null;
    }
}
