package io.cjm.journey.repository;

import io.cjm.journey.entity.DefinitionVersionEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The versions of tenants' journey definitions. */
@ApplicationScoped
public class DefinitionRepository implements PanacheRepositoryBase<DefinitionVersionEntity, DefinitionVersionEntity.Key> {

    /** The newest version of each of the tenant's keys (deletions included), oldest key first. */
    public Uni<List<DefinitionVersionEntity>> newest(String tenantId) {
        return list("from DefinitionVersionEntity e where e.id.tenantId = ?1 and e.id.version = (select max(v.id.version)"
                + " from DefinitionVersionEntity v where v.id.tenantId = e.id.tenantId"
                + " and v.id.definitionKey = e.id.definitionKey) order by e.keyCreatedAt, e.id.definitionKey", tenantId);
    }

    /**
     * What tells whether the tenant's definitions or thresholds changed: the number and the
     * newest creation time of its definition versions (rows are only ever added) and its
     * settings version and update time. One statement on the primary keys.
     */
    public Uni<List<Object>> fingerprint(String tenantId) {
        return getSession().chain(s -> s.createNativeQuery("""
                SELECT (SELECT count(*) FROM journey_definition_version WHERE tenant_id = ?1),
                       (SELECT max(created_at) FROM journey_definition_version WHERE tenant_id = ?1),
                       (SELECT version FROM journey_settings WHERE tenant_id = ?1),
                       (SELECT updated_at FROM journey_settings WHERE tenant_id = ?1)
                """, Object[].class).setParameter(1, tenantId).getSingleResult())
                .map(row -> Arrays.asList(row));
    }

    /** The newest version of one key, deletion included. */
    public Uni<Optional<DefinitionVersionEntity>> newest(String tenantId, String key) {
        return find("id.tenantId = ?1 and id.definitionKey = ?2 order by id.version desc", tenantId, key)
                .firstResult().map(Optional::ofNullable);
    }

    /** One stored version. */
    public Uni<Optional<DefinitionVersionEntity>> version(String tenantId, String key, int version) {
        return findById(new DefinitionVersionEntity.Key(tenantId, key, version)).map(Optional::ofNullable);
    }
}
