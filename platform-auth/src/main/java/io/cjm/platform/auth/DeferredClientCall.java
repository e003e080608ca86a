package io.cjm.platform.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A client call that starts once its token is there. Until then what the caller does (request,
 * sendMessage, halfClose, cancel) is queued; when the token arrives the real call is made with it and the
 * queue replayed in order, before anything later. If no token can be had the caller's listener is closed
 * UNAVAILABLE, the status a caller already retries (the touchpoint relay does) or reports.
 */
final class DeferredClientCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {

    private final Uni<String> token;
    private final Channel next;
    private final MethodDescriptor<ReqT, RespT> method;
    private final CallOptions callOptions;
    private List<Consumer<ClientCall<ReqT, RespT>>> queued = new ArrayList<>();
    private ClientCall<ReqT, RespT> real;
    private boolean closed;

    DeferredClientCall(Uni<String> token, Channel next, MethodDescriptor<ReqT, RespT> method, CallOptions callOptions) {
        this.token = token;
        this.next = next;
        this.method = method;
        this.callOptions = callOptions;
    }

    @Override
    public void start(Listener<RespT> listener, Metadata headers) {
        // The real call is made on the caller's Vert.x context, as it would have been without the wait:
        // the trace context and the caller's event loop live there.
        Context caller = Vertx.currentContext();
        token.subscribe().with(
                value -> onCaller(caller, () -> {
                    ClientCall<ReqT, RespT> call;
                    synchronized (this) {
                        if (closed) {
                            return;
                        }
                        call = next.newCall(method, callOptions);
                    }
                    headers.put(GrpcAuthInterceptor.AUTHORIZATION, "Bearer " + value);
                    call.start(listener, headers);
                    drainInto(call);
                }),
                failure -> {
                    synchronized (this) {
                        if (closed) {
                            return;
                        }
                        closed = true;
                        queued = null;
                    }
                    listener.onClose(Status.UNAVAILABLE
                            .withDescription("no access token for the service account: " + failure.getMessage())
                            .withCause(failure), new Metadata());
                });
    }

    private static void onCaller(Context caller, Runnable task) {
        if (caller == null || caller == Vertx.currentContext()) {
            task.run();
        } else {
            caller.runOnContext(ignored -> task.run());
        }
    }

    private void drainInto(ClientCall<ReqT, RespT> call) {
        while (true) {
            List<Consumer<ClientCall<ReqT, RespT>>> events;
            synchronized (this) {
                if (queued == null || queued.isEmpty()) {
                    real = call;
                    queued = null;
                    return;
                }
                events = queued;
                queued = new ArrayList<>();
            }
            for (Consumer<ClientCall<ReqT, RespT>> event : events) {
                event.accept(call);
            }
        }
    }

    private void run(Consumer<ClientCall<ReqT, RespT>> event) {
        ClientCall<ReqT, RespT> target;
        synchronized (this) {
            if (real == null) {
                if (queued != null) {
                    queued.add(event);
                }
                return;
            }
            target = real;
        }
        event.accept(target);
    }

    @Override
    public void request(int numMessages) {
        run(call -> call.request(numMessages));
    }

    @Override
    public void cancel(String message, Throwable cause) {
        run(call -> call.cancel(message, cause));
    }

    @Override
    public void halfClose() {
        run(ClientCall::halfClose);
    }

    @Override
    public void sendMessage(ReqT message) {
        run(call -> call.sendMessage(message));
    }

    @Override
    public void setMessageCompression(boolean enabled) {
        run(call -> call.setMessageCompression(enabled));
    }

    @Override
    public synchronized boolean isReady() {
        return real != null && real.isReady();
    }
}
