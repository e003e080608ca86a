package io.cjm.journey.service;

import io.cjm.journey.entity.JourneyEntity;
import io.cjm.journey.repository.JourneyRepository;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Reads journeys for the API. */
@ApplicationScoped
public class JourneyQueryService {

    /** A page of journeys and the offset of the next one, or -1 on the last page. */
    public record Page(List<JourneyEntity> journeys, int nextOffset) {
    }

    private final JourneyRepository journeys;

    JourneyQueryService(JourneyRepository journeys) {
        this.journeys = journeys;
    }

    @WithSpan
    @WithSession
    public Uni<Optional<JourneyEntity>> get(@SpanAttribute("cjm.tenant") String tenantId, String id) {
        return journeys.findInTenant(tenantId, id).map(Optional::ofNullable);
    }

    @WithSpan
    @WithSession
    public Uni<Page> list(@SpanAttribute("cjm.tenant") String tenantId, String profileId, String type, String status,
            int offset, int limit) {
        return journeys.page(tenantId, profileId, type, status, offset, limit + 1).map(rows -> rows.size() > limit
                ? new Page(rows.subList(0, limit), offset + limit)
                : new Page(rows, -1));
    }
}
