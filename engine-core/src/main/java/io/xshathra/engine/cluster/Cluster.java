package io.xshathra.engine.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.engine.emulation.EmulationRouter;
import io.xshathra.engine.emulation.LocalEmulationRouter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of its cluster (spec 12.7), over a {@link ControlBus}:
 * <ul>
 *   <li>a registry: every node announces its figures every 3 s, and a node not heard from for
 *       7 s is dropped; {@code info} lists this node and the registry;</li>
 *   <li>fan-out: the server API's disconnect, unsubscribe, subscribe and refresh act on this
 *       node's connections directly and are sent to the others, which apply them to theirs;</li>
 *   <li>surveys: {@code channels} asks every live node for its channels and adds up the counts,
 *       waiting at most {@link #SURVEY_TIMEOUT} for nodes that do not answer;</li>
 *   <li>emulation: a command frame posted to this node's emulation endpoint for a session held
 *       by another node is forwarded to that node, which answers whether the session took it
 *       ({@link #emulationRouter}).</li>
 * </ul>
 * With {@link ControlBus#NONE} (one node) every operation is local. What the requests mean is
 * the {@link ClusterMember}'s business: the cluster routes them as JSON. Thread-safe.
 *
 * @param <I> the figures nodes announce (see {@link ClusterMember#self()})
 */
public final class Cluster<I> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    static final Duration ANNOUNCE_EVERY = Duration.ofSeconds(3);
    static final Duration NODE_EXPIRY = Duration.ofSeconds(7);
    static final Duration SURVEY_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterMember<I> member;
    private final ControlBus bus;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Peer<I>> peers = new ConcurrentHashMap<>();
    private final Map<Long, Survey> surveys = new ConcurrentHashMap<>();
    private final AtomicLong surveyIds = new AtomicLong();
    private final Map<Long, CompletableFuture<EmulationRouter.Outcome>> forwarded = new ConcurrentHashMap<>();
    /** This node's emulation streams, by session id; the transports register in it. */
    private final LocalEmulationRouter emulationSessions;
    private final EmulationRouter emulationRouter;
    private ScheduledFuture<?> announcer;

    private record Peer<I>(I info, long seenAt) {
    }

    private static final class Survey {
        final Set<String> waiting = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> counts = new TreeMap<>();
        final CompletableFuture<Map<String, Integer>> done = new CompletableFuture<>();
    }

    /**
     * @param scheduler runs the announcements and survey timeouts; null only with {@link ControlBus#NONE}
     */
    public Cluster(ClusterMember<I> member, ControlBus bus, ScheduledExecutorService scheduler) {
        this.member = member;
        this.bus = bus;
        this.scheduler = scheduler;
        this.emulationSessions = new LocalEmulationRouter(member.id());
        this.emulationRouter = bus == ControlBus.NONE || scheduler == null ? emulationSessions
                : (target, session, frame) -> target.equals(emulationSessions.nodeId())
                        ? CompletableFuture.completedFuture(emulationSessions.deliverLocal(session, frame))
                        : forward(target, session, frame);
    }

    /** Starts receiving and announcing. */
    public void start() {
        bus.setReceiver(this::receive);
        if (scheduler != null && bus != ControlBus.NONE) {
            announcer = scheduler.scheduleWithFixedDelay(this::announce, 0, ANNOUNCE_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** This node's own figures. */
    public I self() {
        return member.self();
    }

    /** This node first, then every other live node. */
    public List<I> nodes() {
        List<I> out = new ArrayList<>();
        out.add(self());
        long now = System.currentTimeMillis();
        peers.values().removeIf(p -> now - p.seenAt > NODE_EXPIRY.toMillis());
        new TreeMap<>(peers).values().forEach(p -> out.add(p.info()));
        return out;
    }

    private ObjectNode message(String op) {
        ObjectNode m = JSON.createObjectNode();
        m.put("uid", member.id());
        m.put("op", op);
        return m;
    }

    private void send(ObjectNode m) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        bus.publish(bytes).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("control message {} not sent: {}", m.get("op").asText(), e.getMessage());
            }
        });
    }

    private void announce() {
        ObjectNode m = message("node");
        m.set("info", JSON.valueToTree(self()));
        send(m);
    }

    /**
     * Sends a request to the other nodes, which hand it to their {@link ClusterMember#applyLocally}
     * with the same {@code op}; {@code request} goes as its JSON mapping.
     */
    public void fanOut(String op, String project, Object request) {
        if (bus == ControlBus.NONE) {
            return;
        }
        ObjectNode m = message(op);
        m.put("project", project);
        m.set("req", JSON.valueToTree(request));
        send(m);
    }

    /** Channel counts of one project's space across the cluster. */
    public CompletionStage<Map<String, Integer>> channels(String project, String pattern,
                                                          Map<String, Integer> local) {
        Survey s = new Survey();
        s.counts.putAll(local);
        long now = System.currentTimeMillis();
        peers.forEach((uid, p) -> {
            if (now - p.seenAt <= NODE_EXPIRY.toMillis()) {
                s.waiting.add(uid);
            }
        });
        if (s.waiting.isEmpty() || scheduler == null) {
            return CompletableFuture.completedFuture(s.counts);
        }
        long id = surveyIds.incrementAndGet();
        surveys.put(id, s);
        scheduler.schedule(() -> finish(id), SURVEY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        ObjectNode m = message("survey");
        m.put("id", id);
        m.put("project", project);
        m.put("pattern", pattern == null ? "" : pattern);
        send(m);
        return s.done;
    }

    /**
     * Where this node's emulation streams (HTTP-streaming, SSE) register their session ids for as
     * long as they are open; it also answers the requests other nodes forward to this node.
     */
    public LocalEmulationRouter localSessions() {
        return emulationSessions;
    }

    /**
     * The emulation router of this node: requests naming this node go to {@link #localSessions},
     * requests naming another live node are forwarded to it, and a node not heard from is
     * {@link EmulationRouter.Outcome#UNKNOWN_NODE}. With {@link ControlBus#NONE} it is
     * {@link #localSessions} itself.
     */
    public EmulationRouter emulationRouter() {
        return emulationRouter;
    }

    private CompletionStage<EmulationRouter.Outcome> forward(String target, String session, byte[] frame) {
        Peer peer = peers.get(target);
        if (peer == null || System.currentTimeMillis() - peer.seenAt > NODE_EXPIRY.toMillis()) {
            return CompletableFuture.completedFuture(EmulationRouter.Outcome.UNKNOWN_NODE);
        }
        long id = surveyIds.incrementAndGet();
        CompletableFuture<EmulationRouter.Outcome> answer = new CompletableFuture<>();
        forwarded.put(id, answer);
        // a node that stopped answering is taken as gone
        scheduler.schedule(() -> {
            CompletableFuture<EmulationRouter.Outcome> f = forwarded.remove(id);
            if (f != null) {
                f.complete(EmulationRouter.Outcome.UNKNOWN_NODE);
            }
        }, SURVEY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        ObjectNode m = message("emulation");
        m.put("to", target);
        m.put("id", id);
        m.put("session", session);
        m.put("data", frame);
        send(m);
        return answer;
    }

    /** Another node forwarded an emulation request for a session of this node: deliver and answer. */
    private void deliverForwarded(String from, JsonNode m) throws IOException {
        if (!m.path("to").asText().equals(member.id())) {
            return;
        }
        EmulationRouter.Outcome outcome = emulationSessions.deliverLocal(m.path("session").asText(), m.path("data").binaryValue());
        ObjectNode reply = message("emulation_reply");
        reply.put("to", from);
        reply.put("id", m.path("id").asLong());
        reply.put("outcome", outcome.name());
        send(reply);
    }

    private void forwardedAnswered(JsonNode m) {
        if (!m.path("to").asText().equals(member.id())) {
            return;
        }
        CompletableFuture<EmulationRouter.Outcome> f = forwarded.remove(m.path("id").asLong());
        if (f != null) {
            f.complete(EmulationRouter.Outcome.valueOf(m.path("outcome").asText()));
        }
    }

    private void finish(long id) {
        Survey s = surveys.remove(id);
        if (s != null) {
            synchronized (s) {
                s.done.complete(new TreeMap<>(s.counts));
            }
        }
    }

    private void receive(byte[] bytes) {
        JsonNode m;
        try {
            m = JSON.readTree(bytes);
        } catch (IOException e) {
            LOG.warn("dropped an undecodable control message: {}", e.getMessage());
            return;
        }
        String from = m.path("uid").asText();
        if (from.equals(member.id())) {
            return;
        }
        try {
            handle(from, m);
        } catch (RuntimeException | IOException e) {
            LOG.warn("control message {} from {} failed: {}", m.path("op").asText(), from, e.toString());
        }
    }

    private void handle(String from, JsonNode m) throws IOException {
        String op = m.path("op").asText();
        switch (op) {
            case "node" -> {
                Peer<I> before = peers.put(from, new Peer<>(JSON.treeToValue(m.get("info"), member.infoType()),
                        System.currentTimeMillis()));
                if (before == null) {
                    // a node that just started learns of this one now rather than in up to 3 s
                    announce();
                }
            }
            case "survey" -> answer(from, m);
            case "survey_reply" -> collect(from, m);
            case "emulation" -> deliverForwarded(from, m);
            case "emulation_reply" -> forwardedAnswered(m);
            default -> {
                if (!m.has("req") || !member.applyLocally(op, m.path("project").asText(), m.get("req"))) {
                    LOG.debug("ignored control message {}", op);
                }
            }
        }
    }

    private void answer(String from, JsonNode m) {
        ObjectNode reply = message("survey_reply");
        reply.put("to", from);
        reply.put("id", m.path("id").asLong());
        reply.set("channels", JSON.valueToTree(member.localChannels(m.path("project").asText(),
                m.path("pattern").asText())));
        send(reply);
    }

    private void collect(String from, JsonNode m) {
        if (!m.path("to").asText().equals(member.id())) {
            return;
        }
        long id = m.path("id").asLong();
        Survey s = surveys.get(id);
        if (s == null) {
            return;
        }
        synchronized (s) {
            m.path("channels").fields().forEachRemaining(e ->
                    s.counts.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
            s.waiting.remove(from);
        }
        if (s.waiting.isEmpty()) {
            finish(id);
        }
    }

    @Override
    public void close() {
        if (announcer != null) {
            announcer.cancel(false);
        }
    }
}
