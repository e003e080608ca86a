package io.cjm.gateway.rest;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Optimistic concurrency for versioned tenant data: the answer's ETag is the version
 * ({@code "3"}), a write may send it back as {@code If-Match}, and a write against another
 * version gets 412.
 */
final class Preconditions {

    private static final Pattern VERSION = Pattern.compile("(?:W/)?\"?(\\d{1,9})\"?");

    private Preconditions() {
    }

    /** The version an If-Match header names; null without the header or with {@code *}; 400 when unreadable. */
    static Integer expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        Matcher m = VERSION.matcher(ifMatch.trim());
        if (!m.matches()) {
            throw ApiProblem.invalid("If-Match", "must be the ETag of the version read, e.g. \"3\"");
        }
        return Integer.parseInt(m.group(1));
    }

    /** journey-service's FAILED_PRECONDITION (another version in force) as 412; anything else as it is. */
    static Throwable conflict(Throwable failure) {
        if (failure instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
            return new ApiProblem(412, "Precondition failed", "If-Match does not name the version in force ("
                    + s.getStatus().getDescription() + "); read it again", List.of());
        }
        return failure;
    }
}
