package io.cjm.identity.service;

import io.cjm.identity.domain.IdentifierNormalizer;
import io.cjm.identity.entity.IdentifierEntity;
import io.cjm.identity.entity.ProfileEntity;
import io.cjm.identity.repository.IdentifierRepository;
import io.cjm.identity.repository.ProfileRepository;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Reads profiles: by id (a merged id answers with its survivor) or by any identifier. */
@ApplicationScoped
public class ProfileQueryService {

    /** A profile with its identifiers, the ids merged into it, and the id that was asked for. */
    public record ProfileView(ProfileEntity profile, List<IdentifierEntity> identifiers, List<String> mergedIds,
            String requestedId) {
    }

    private final ProfileRepository profiles;
    private final IdentifierRepository identifiers;
    private final IdentifierNormalizer normalizer;

    ProfileQueryService(ProfileRepository profiles, IdentifierRepository identifiers, IdentifierNormalizer normalizer) {
        this.profiles = profiles;
        this.identifiers = identifiers;
        this.normalizer = normalizer;
    }

    @WithSpan
    @WithSession
    public Uni<Optional<ProfileView>> get(@SpanAttribute("cjm.tenant") String tenantId, String profileId) {
        return profiles.findInTenant(tenantId, profileId).chain(p -> {
            if (p == null) {
                return Uni.createFrom().item(Optional.<ProfileView>empty());
            }
            Uni<ProfileEntity> survivor = p.mergedInto == null ? Uni.createFrom().item(p)
                    : profiles.findInTenant(tenantId, p.mergedInto);
            return survivor.chain(s -> identifiers.findByProfile(tenantId, s.id)
                    .chain(ids -> profiles.mergedInto(tenantId, s.id)
                            .map(merged -> Optional.of(new ProfileView(s, ids, merged, profileId)))));
        });
    }

    /** The span names the identifier's type only, never its value. */
    @WithSpan
    @WithSession
    public Uni<Optional<ProfileView>> lookup(@SpanAttribute("cjm.tenant") String tenantId,
            @SpanAttribute("cjm.identifier.type") String type, String value) {
        var normalized = normalizer.normalizeOne(type, value);
        if (normalized.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return identifiers.findByValue(tenantId, normalized.get().type(), normalized.get().value())
                .chain(id -> id == null ? Uni.createFrom().item(Optional.<ProfileView>empty())
                        : get(tenantId, id.profileId));
    }
}
