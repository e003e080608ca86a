package io.cjm.platform.auth;

import io.grpc.ServerCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A server call's listener while its token is being checked: queues what arrives, then hands it, in
 * order, to the service's listener ({@link #delegateTo}) or drops it when the call is refused
 * ({@link #discard}). Callbacks may come from the transport while the check completes on another
 * thread, hence the lock; the queued events are replayed outside it, before any later one.
 */
final class PendingListener<ReqT> extends ServerCall.Listener<ReqT> {

    private List<Consumer<ServerCall.Listener<ReqT>>> queued = new ArrayList<>();
    private ServerCall.Listener<ReqT> delegate;
    private boolean discarded;

    void delegateTo(ServerCall.Listener<ReqT> listener) {
        while (true) {
            List<Consumer<ServerCall.Listener<ReqT>>> events;
            synchronized (this) {
                if (discarded) {
                    return;
                }
                if (queued.isEmpty()) {
                    delegate = listener;
                    queued = null;
                    return;
                }
                events = queued;
                queued = new ArrayList<>();
            }
            for (Consumer<ServerCall.Listener<ReqT>> event : events) {
                event.accept(listener);
            }
        }
    }

    synchronized void discard() {
        discarded = true;
        queued = null;
    }

    private void dispatch(Consumer<ServerCall.Listener<ReqT>> event) {
        ServerCall.Listener<ReqT> target;
        synchronized (this) {
            if (discarded) {
                return;
            }
            if (delegate == null) {
                queued.add(event);
                return;
            }
            target = delegate;
        }
        event.accept(target);
    }

    @Override
    public void onMessage(ReqT message) {
        dispatch(l -> l.onMessage(message));
    }

    @Override
    public void onHalfClose() {
        dispatch(ServerCall.Listener::onHalfClose);
    }

    @Override
    public void onCancel() {
        dispatch(ServerCall.Listener::onCancel);
    }

    @Override
    public void onComplete() {
        dispatch(ServerCall.Listener::onComplete);
    }

    @Override
    public void onReady() {
        dispatch(ServerCall.Listener::onReady);
    }
}
