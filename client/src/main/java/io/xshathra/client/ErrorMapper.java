package io.xshathra.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns an error answer ({@code {"error":{"code","message"}}} with a non-2xx status) into the
 * typed exception for it. The code chooses the type where the server defines one; an answer that
 * is not shaped like the server's errors (a proxy's HTML page, say) still becomes an exception
 * carrying its status, with code {@code http_<status>}.
 */
final class ErrorMapper {
    /** The longest message kept from a server: enough for any of ours, bounded for anyone else's. */
    private static final int MAX_MESSAGE = 1024;
    /** A field path as the server writes it before ": " ({@code channels[2]}, {@code tags.kind}, {@code since.epoch}). */
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\[[0-9]+]|\\.[^\\s:]+)*");
    private static final long MAX_RETRY_AFTER_SECONDS = 24 * 3600;

    private ErrorMapper() {
    }

    /**
     * @param secret a value that must never reach a message (the server key); replaced where a
     *               server, or anything in front of it, echoes it back
     */
    static XshathraException map(int status, byte[] body, Optional<String> retryAfter, String secret) {
        String code = "http_" + status;
        String message = "HTTP " + status;
        String field = null;
        JsonNode error = error(body);
        if (error != null) {
            code = scrub(bounded(error.path("code").asText(code)), secret);
            message = scrub(bounded(error.path("message").asText(message)), secret);
            field = error.hasNonNull("field") ? scrub(bounded(error.get("field").asText()), secret) : fieldOf(message);
        }
        return switch (code) {
            case "invalid_field", "invalid_body", "invalid_parameter" -> new InvalidRequestException(status, code, message, field);
            case "unknown_namespace" -> new UnknownNamespaceException(status, message, field);
            case "unauthorized", "forbidden" -> new UnauthorizedException(status, code, message);
            case "rate_limited" -> new RateLimitedException(code, message, retryAfter(retryAfter));
            case "payload_too_large", "body_too_large" -> new PayloadTooLargeException(code, message, field);
            case "unavailable" -> new UnavailableException(code, message);
            default -> byStatus(status, code, message, field, retryAfter);
        };
    }

    /** Statuses with a meaning of their own even without our error body (a proxy in front, say). */
    private static XshathraException byStatus(int status, String code, String message, String field,
            Optional<String> retryAfter) {
        return switch (status) {
            case 401, 403 -> new UnauthorizedException(status, code, message);
            case 413 -> new PayloadTooLargeException(code, message, field);
            case 429 -> new RateLimitedException(code, message, retryAfter(retryAfter));
            case 503 -> new UnavailableException(code, message);
            default -> new XshathraException(status, code, message, field);
        };
    }

    private static JsonNode error(byte[] body) {
        try {
            JsonNode e = Json.MAPPER.readTree(body).get("error");
            return e != null && e.isObject() ? e : null;
        } catch (Exception e) {
            // Not our error shape: the status alone speaks.
            return null;
        }
    }

    /** The field the server's sentence starts with ({@code "ttlSeconds: must be …"}), or null. */
    static String fieldOf(String message) {
        int colon = message.indexOf(": ");
        if (colon <= 0 || colon > 200) {
            return null;
        }
        String head = message.substring(0, colon);
        return FIELD.matcher(head).matches() ? head : null;
    }

    /** {@code Retry-After} in seconds (the form the server sends); zero when absent or not a number. */
    static Duration retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            long s = Long.parseLong(header.get().trim());
            return Duration.ofSeconds(Math.max(0, Math.min(s, MAX_RETRY_AFTER_SECONDS)));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    static String scrub(String s, String secret) {
        return secret.isEmpty() || !s.contains(secret) ? s : s.replace(secret, "[redacted]");
    }

    private static String bounded(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }
}
