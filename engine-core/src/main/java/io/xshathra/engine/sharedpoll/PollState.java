package io.xshathra.engine.sharedpoll;

import io.xshathra.engine.config.SharedPollOptions.Mode;
import io.xshathra.engine.proxy.ProxyRequest.SharedPollRefresh.Item;
import io.xshathra.engine.proxy.ProxyResult;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one node knows of one shared-poll channel: the keys tracked on this node, the version of
 * each, and the channel's epoch. It decides, as Centrifugo v6.9.1 does, which tracked keys need an
 * immediate poll, what each poll asks, and which parts of a backend's answer are changes to send.
 * Not thread-safe: the channel's poller owns it and calls it from one thread at a time.
 *
 * <p>Versioned channels take the backend's versions: only a version above the one held is a change,
 * and a new backend epoch resets every key. Versionless channels detect changes by the content of
 * {@code data} and number them with a counter of their own, starting at 1 for each new state (which
 * also gets a new epoch, so clients know to start over).
 */
public final class PollState {

    /**
     * A change of a key to send to the connections tracking it, each filtered by its own version.
     * {@code prevData} (the backend's {@code prev_data}, or null) is the data at {@code prevVersion},
     * the version the node held before: a delta base for connections that hold exactly that version.
     */
    public record Update(String key, long version, byte[] data, byte[] prevData, long prevVersion) {
        public Update(String key, long version, byte[] data, byte[] prevData) {
            this(key, version, data, prevData, 0);
        }
    }

    /**
     * The outcome of applying an answer.
     *
     * @param epochChanged the versioned backend switched epoch: every subscriber must start over
     * @param updates      changed keys, in the order of the answer
     * @param removed      keys the backend removed (sent to every tracker, then untracked)
     */
    public record Applied(boolean epochChanged, List<Update> updates, List<String> removed) {
    }

    /** What tracking a key asks of the poller. */
    public enum Admission {
        /** Nothing now: the next timer poll covers the key. */
        LATER,
        /** Poll the key now. */
        POLL_NOW
    }

    private static final class Entry {
        long version;
        byte[] dataHash;
        boolean needsBroadcast;
        /** Set by a server API publish: the next timer poll skips the key once. */
        boolean freshFromPublish;
    }

    private final Mode mode;
    private final Map<String, Entry> index = new HashMap<>();
    private String epoch;
    private long versionCounter;

    /**
     * @param mode         the namespace's mode
     * @param initialEpoch the epoch of a new state: a random one for versionless channels, {@code ""}
     *                     for versioned ones (their epoch comes from the backend)
     */
    public PollState(Mode mode, String initialEpoch) {
        this.mode = mode;
        this.epoch = initialEpoch;
    }

    public String epoch() {
        return epoch;
    }

    public boolean isEmpty() {
        return index.isEmpty();
    }

    public boolean contains(String key) {
        return index.containsKey(key);
    }

    /**
     * A connection tracks {@code key} holding {@code clientVersion}. A key new to the node is polled
     * at once when the client holds nothing; a known key the client is behind on (or holds nothing
     * of) is re-sent in full by the next answer, polled at once when the node already has data.
     */
    public Admission admit(String key, long clientVersion) {
        Entry e = index.get(key);
        if (e == null) {
            index.put(key, new Entry());
            return clientVersion == 0 ? Admission.POLL_NOW : Admission.LATER;
        }
        if (clientVersion == 0 || Long.compareUnsigned(e.version, clientVersion) > 0) {
            e.needsBroadcast = true;
            return e.version > 0 ? Admission.POLL_NOW : Admission.LATER;
        }
        return Admission.LATER;
    }

    /** No connection on this node tracks {@code key} any more. */
    public void forget(String key) {
        index.remove(key);
    }

    /**
     * The keys of a timer poll, sorted: every key but those a server API publish just set, which
     * are skipped this once.
     */
    public List<String> timerKeys() {
        List<String> out = new ArrayList<>(index.size());
        for (Map.Entry<String, Entry> e : index.entrySet()) {
            if (e.getValue().freshFromPublish) {
                e.getValue().freshFromPublish = false;
            } else {
                out.add(e.getKey());
            }
        }
        out.sort(null);
        return out;
    }

    /** The keys tracked on this node. */
    public List<String> keys() {
        return new ArrayList<>(index.keySet());
    }

    /**
     * A server API publish of {@code key} at {@code version} with {@code epoch} (versioned channels
     * only): an epoch other than the one held resets every key as a backend's new epoch does; then
     * a version above the one held is a change (the next timer poll skips the key), anything else,
     * or a key not tracked on this node, is not.
     */
    public Applied publish(String key, long version, byte[] data, String epoch) {
        boolean flipped = !epoch.equals(this.epoch);
        if (flipped) {
            reset(epoch);
        }
        Entry e = index.get(key);
        if (e == null || Long.compareUnsigned(version, e.version) <= 0) {
            return new Applied(flipped, List.of(), List.of());
        }
        e.version = version;
        e.freshFromPublish = true;
        return new Applied(flipped, List.of(new Update(key, version, data, null)), List.of());
    }

    private void reset(String newEpoch) {
        epoch = newEpoch;
        for (Entry e : index.values()) {
            e.version = 0;
            e.dataHash = null;
            e.needsBroadcast = false;
            e.freshFromPublish = false;
        }
    }

    /**
     * The items of a poll of {@code keys} (those still tracked): the version held for versioned
     * channels, 0 (send full data) for versionless ones and for keys awaiting a re-broadcast.
     */
    public List<Item> request(Collection<String> keys) {
        List<Item> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            Entry e = index.get(k);
            if (e != null) {
                out.add(new Item(k, mode == Mode.VERSIONED && !e.needsBroadcast ? e.version : 0));
            }
        }
        return out;
    }

    /** Applies a backend's answer; a null result changes nothing. */
    public Applied apply(ProxyResult.SharedPollRefresh result) {
        if (result == null) {
            return new Applied(false, List.of(), List.of());
        }
        boolean flipped = false;
        if (mode == Mode.VERSIONED && !result.epoch().equals(epoch)) {
            reset(result.epoch());
            flipped = true;
        }
        List<Update> updates = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (ProxyResult.PollItem it : result.items()) {
            if (it.removed()) {
                // Sent to every tracker even when the node had not polled the key yet.
                index.remove(it.key());
                removed.add(it.key());
                continue;
            }
            Entry e = index.get(it.key());
            if (e == null) {
                continue;
            }
            Update u = mode == Mode.VERSIONED || it.version() != 0 ? versioned(e, it) : versionless(e, it);
            if (u != null) {
                updates.add(u);
            }
        }
        return new Applied(flipped, updates, removed);
    }

    private static Update versioned(Entry e, ProxyResult.PollItem it) {
        int cmp = Long.compareUnsigned(it.version(), e.version);
        if (cmp == 0 && e.needsBroadcast && e.version > 0) {
            e.needsBroadcast = false;
            return new Update(it.key(), it.version(), it.data(), null);
        }
        if (cmp <= 0) {
            return null;
        }
        long prev = e.version;
        e.version = it.version();
        e.needsBroadcast = false;
        return new Update(it.key(), it.version(), it.data(), it.prevData(), prev);
    }

    private Update versionless(Entry e, ProxyResult.PollItem it) {
        byte[] hash = sha256(it.data());
        if (e.dataHash == null || !Arrays.equals(hash, e.dataHash)) {
            e.dataHash = hash;
            e.version = ++versionCounter;
            e.needsBroadcast = false;
            return new Update(it.key(), e.version, it.data(), null);
        }
        if (e.needsBroadcast && e.version > 0) {
            e.needsBroadcast = false;
            return new Update(it.key(), e.version, it.data(), null);
        }
        return null;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data == null ? new byte[0] : data);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every JRE", ex);
        }
    }
}
