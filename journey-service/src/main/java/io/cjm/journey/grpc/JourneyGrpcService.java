package io.cjm.journey.grpc;

import static io.cjm.platform.grpc.GrpcErrors.requireTenant;

import io.cjm.journey.mapping.JourneyMapper;
import io.cjm.journey.service.AssemblyService;
import io.cjm.journey.service.JourneyQueryService;
import io.cjm.platform.grpc.GrpcErrors;
import io.cjm.proto.journey.v1.ApplyRequest;
import io.cjm.proto.journey.v1.ApplyResponse;
import io.cjm.proto.journey.v1.GetJourneyRequest;
import io.cjm.proto.journey.v1.GetJourneyResponse;
import io.cjm.proto.journey.v1.JourneyService;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.cjm.proto.journey.v1.ListJourneysResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** The journey-service's gRPC API. */
@GrpcService
public class JourneyGrpcService implements JourneyService {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;

    private final AssemblyService assembly;
    private final JourneyQueryService queries;

    JourneyGrpcService(AssemblyService assembly, JourneyQueryService queries) {
        this.assembly = assembly;
        this.queries = queries;
    }

    @Override
    public Uni<ApplyResponse> apply(ApplyRequest request) {
        requireTenant(request.getTenantId());
        if (request.getProfileId().isBlank()) {
            throw GrpcErrors.invalid("profile_id", "required");
        }
        if (request.getTouchpoint().getId().isBlank()) {
            throw GrpcErrors.invalid("touchpoint.id", "required");
        }
        if (!request.getTouchpoint().hasOccurredAt()) {
            throw GrpcErrors.invalid("touchpoint.occurred_at", "required");
        }
        return assembly.apply(request.getTenantId(), request.getProfileId(), request.getMergedProfileIdsList(),
                request.getTouchpoint())
                .map(o -> ApplyResponse.newBuilder().addAllJourneyIds(o.changedJourneyIds())
                        .setJoinedJourney(o.joinedJourney()).setScored(o.scored()).build());
    }

    @Override
    public Uni<GetJourneyResponse> getJourney(GetJourneyRequest request) {
        requireTenant(request.getTenantId());
        return queries.get(request.getTenantId(), request.getJourneyId())
                .map(j -> GetJourneyResponse.newBuilder().setJourney(JourneyMapper.toProto(
                        j.orElseThrow(() -> GrpcErrors.notFound("journey", request.getJourneyId())))).build());
    }

    @Override
    public Uni<ListJourneysResponse> listJourneys(ListJourneysRequest request) {
        requireTenant(request.getTenantId());
        int size = request.getPageSize() <= 0 ? DEFAULT_PAGE : Math.min(request.getPageSize(), MAX_PAGE);
        int offset = 0;
        if (!request.getPageToken().isEmpty()) {
            try {
                offset = Integer.parseInt(request.getPageToken());
            } catch (NumberFormatException e) {
                throw GrpcErrors.invalid("page_token", "not a token this service issued");
            }
        }
        return queries.list(request.getTenantId(), blankToNull(request.getProfileId()), blankToNull(request.getType()),
                JourneyMapper.statusName(request.getStatus()), offset, size)
                .map(page -> ListJourneysResponse.newBuilder()
                        .addAllJourneys(page.journeys().stream().map(JourneyMapper::toProto).toList())
                        .setNextPageToken(page.nextOffset() < 0 ? "" : Integer.toString(page.nextOffset()))
                        .build());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
