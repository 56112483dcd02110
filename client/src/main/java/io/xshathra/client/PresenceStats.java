package io.xshathra.client;

/**
 * How many are in a channel now.
 *
 * @param numClients connections subscribed
 * @param numUsers   distinct users among them
 */
public record PresenceStats(int numClients, int numUsers) {
}
