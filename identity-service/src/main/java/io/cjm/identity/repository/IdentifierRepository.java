package io.cjm.identity.repository;

import io.cjm.identity.entity.IdentifierEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class IdentifierRepository implements PanacheRepositoryBase<IdentifierEntity, String> {

    public Uni<IdentifierEntity> findByValue(String tenantId, String type, String value) {
        return find("tenantId = ?1 and type = ?2 and value = ?3", tenantId, type, value).firstResult();
    }

    /** Identifiers by "type:value" key. */
    public Uni<List<IdentifierEntity>> findByKeys(String tenantId, Collection<String> keys) {
        return list("tenantId = ?1 and concat(type, ':', value) in ?2", tenantId, keys);
    }

    public Uni<List<IdentifierEntity>> findByComponents(String tenantId, Collection<String> components) {
        return list("tenantId = ?1 and componentId in ?2", tenantId, components);
    }

    public Uni<List<IdentifierEntity>> findByProfile(String tenantId, String profileId) {
        return list("tenantId = ?1 and profileId = ?2 order by type, value", tenantId, profileId);
    }
}
