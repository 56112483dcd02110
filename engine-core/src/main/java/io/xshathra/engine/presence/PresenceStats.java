package io.xshathra.engine.presence;

/** Counts of a channel's presence: connections, and distinct users (anonymous counts as one). */
public record PresenceStats(int numClients, int numUsers) {
}
