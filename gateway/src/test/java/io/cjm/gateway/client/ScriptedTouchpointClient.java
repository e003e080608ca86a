package io.cjm.gateway.client;

import io.cjm.proto.touchpoint.v1.AuthenticateWriteKeyRequest;
import io.cjm.proto.touchpoint.v1.TouchpointService;
import io.smallrye.mutiny.Uni;
import java.lang.reflect.Proxy;
import java.util.function.Function;

/** A TouchpointClient whose touchpoint-service answers AuthenticateWriteKey from a script, for unit tests. */
public final class ScriptedTouchpointClient {

    private ScriptedTouchpointClient() {
    }

    /** A client whose AuthenticateWriteKey calls go to {@code answer}; every other call fails. */
    public static TouchpointClient authenticatingWith(Function<AuthenticateWriteKeyRequest, Uni<?>> answer) {
        TouchpointService stub = (TouchpointService) Proxy.newProxyInstance(TouchpointService.class.getClassLoader(),
                new Class<?>[] { TouchpointService.class }, (proxy, method, args) -> {
                    if (method.getName().equals("authenticateWriteKey")) {
                        return answer.apply((AuthenticateWriteKeyRequest) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new TouchpointClient(stub);
    }
}
