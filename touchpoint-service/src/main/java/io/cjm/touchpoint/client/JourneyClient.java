package io.cjm.touchpoint.client;

import io.cjm.proto.journey.v1.ApplyRequest;
import io.cjm.proto.journey.v1.ApplyResponse;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.platform.grpc.Contexts;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** Wraps the journey-service stub. Failures surface to the relay, which retries with backoff. */
@ApplicationScoped
public class JourneyClient {

    /** A call that takes longer is failed, and the relay retries it later. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final JourneyService stub;

    JourneyClient(@GrpcClient("journey") JourneyService stub) {
        this.stub = stub;
    }

    public Uni<ApplyResponse> apply(String tenantId, String profileId, List<String> mergedProfileIds,
            JourneyTouchpoint touchpoint) {
        return Contexts.resumeOnCaller(stub.apply(ApplyRequest.newBuilder().setTenantId(tenantId).setProfileId(profileId)
                .addAllMergedProfileIds(mergedProfileIds).setTouchpoint(touchpoint).build())
                .ifNoItem().after(TIMEOUT).fail());
    }
}
