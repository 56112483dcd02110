package io.xshathra.engine.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A result or an error of one server API call. */
public record ApiResponse<T>(T result, ApiError error) {

    public static <T> ApiResponse<T> ok(T result) {
        return new ApiResponse<>(result, null);
    }

    public static <T> ApiResponse<T> fail(ApiError error) {
        return new ApiResponse<>(null, error);
    }

    static <T> CompletionStage<ApiResponse<T>> failed(ApiError error) {
        return CompletableFuture.completedFuture(fail(error));
    }

    static <T> CompletionStage<ApiResponse<T>> done(T result) {
        return CompletableFuture.completedFuture(ok(result));
    }
}
