package io.cjm.gateway.rest.model;

import java.util.List;

/** The tenant's write keys, newest first, revoked ones included; never a secret. */
public record WriteKeyListBody(List<WriteKeyBody> writeKeys) {
}
