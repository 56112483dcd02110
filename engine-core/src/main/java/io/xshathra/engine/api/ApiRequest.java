package io.xshathra.engine.api;

/**
 * One server API request, as a binding (the HTTP API, the control plane, the console) hands it to
 * {@link ApiExecutor#execute}. Every method of the server API has its record in
 * {@link ApiRequests}; {@link ApiRequests.Invalid} stands for a command a binding could not read,
 * so a batch can answer it in its place.
 */
public sealed interface ApiRequest permits ApiRequests.Publish, ApiRequests.Broadcast, ApiRequests.Subscribe,
        ApiRequests.Unsubscribe, ApiRequests.Disconnect, ApiRequests.Refresh, ApiRequests.Presence,
        ApiRequests.PresenceStats, ApiRequests.History, ApiRequests.HistoryRemove, ApiRequests.Channels,
        ApiRequests.Info, ApiRequests.Rpc, ApiRequests.Batch, ApiRequests.MapPublish, ApiRequests.MapRemove,
        ApiRequests.MapReadState, ApiRequests.MapReadStream, ApiRequests.MapStats, ApiRequests.MapClear,
        ApiRequests.SharedPollPublish, ApiRequests.Invalid {

    /** The method's name on the wire ({@code publish}, {@code presence_stats}, ...); "" for an invalid command. */
    String method();
}
