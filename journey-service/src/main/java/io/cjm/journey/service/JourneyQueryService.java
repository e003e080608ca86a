package io.cjm.journey.service;

import io.cjm.journey.entity.JourneyEntity;
import io.cjm.journey.repository.JourneyCursor;
import io.cjm.journey.repository.JourneyFilter;
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

    /** A page of journeys and the position after its last one, or null on the last page. */
    public record Page(List<JourneyEntity> journeys, JourneyCursor next) {
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
    public Uni<Page> list(@SpanAttribute("cjm.tenant") String tenantId, JourneyFilter filter, JourneyCursor after,
            int limit) {
        return journeys.page(tenantId, filter, after, limit + 1).map(rows -> {
            if (rows.size() <= limit) {
                return new Page(rows, null);
            }
            JourneyEntity last = rows.get(limit - 1);
            return new Page(rows.subList(0, limit), new JourneyCursor(last.lastActivityAt, last.id));
        });
    }
}
