package io.cjm.gateway.rest.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A write key as its tenant's admins see it. {@code secret} is present only in the answer
 * to its creation; {@code revokedAt} only once it is revoked.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WriteKeyBody(String id, String name, String prefix, String createdAt, String createdBy,
        String revokedAt, String secret) {
}
