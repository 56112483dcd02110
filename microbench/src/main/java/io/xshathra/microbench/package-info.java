/**
 * JMH microbenchmarks of the engine's hot path (see {@code docs/microbenchmarks.md}): command
 * decoding, push encoding, hub fan-out to local subscribers on stub transports, and the connect
 * path. They use only the engine's public entry points ({@code Codec}, {@code Node},
 * {@code ClientSession.handleFrame}, {@code TokenVerifier}) so that they survive internal changes.
 */
package io.xshathra.microbench;
