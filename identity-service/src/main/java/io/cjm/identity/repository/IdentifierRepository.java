package io.cjm.identity.repository;

import io.cjm.identity.entity.IdentifierEntity;
import io.cjm.platform.db.SqlIds;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@ApplicationScoped
public class IdentifierRepository implements PanacheRepositoryBase<IdentifierEntity, String> {

    public Uni<IdentifierEntity> findByValue(String tenantId, String type, String value) {
        return find("tenantId = ?1 and type = ?2 and value = ?3", tenantId, type, value).firstResult();
    }

    /**
     * Identifiers by "type:value" key: one condition per type, so that the unique index on
     * (tenant, type, value) answers it, each type's values as one parameter ({@link SqlIds}).
     */
    public Uni<List<IdentifierEntity>> findByKeys(String tenantId, Collection<String> keys) {
        Map<String, List<String>> valuesByType = new TreeMap<>();
        for (String key : keys) {
            int colon = key.indexOf(':');
            valuesByType.computeIfAbsent(key.substring(0, colon), t -> new ArrayList<>()).add(key.substring(colon + 1));
        }
        if (valuesByType.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM identifier WHERE tenant_id = ?1 AND (");
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        for (var e : valuesByType.entrySet()) {
            sql.append(params.size() == 1 ? "" : " OR ").append("(type = ?").append(params.size() + 1)
                    .append(" AND value = ").append(SqlIds.anyOf(params.size() + 2)).append(')');
            params.add(e.getKey());
            params.add(SqlIds.json(e.getValue()));
        }
        return getSession().chain(s -> {
            var query = s.createNativeQuery(sql.append(')').toString(), IdentifierEntity.class);
            for (int i = 0; i < params.size(); i++) {
                query.setParameter(i + 1, params.get(i));
            }
            return query.getResultList();
        });
    }

    public Uni<List<IdentifierEntity>> findByComponents(String tenantId, Collection<String> components) {
        return getSession().chain(s -> s.createNativeQuery("SELECT * FROM identifier WHERE tenant_id = ?1"
                + " AND component_id = " + SqlIds.anyOf(2), IdentifierEntity.class).setParameter(1, tenantId)
                .setParameter(2, SqlIds.json(components)).getResultList());
    }

    public Uni<List<IdentifierEntity>> findByProfile(String tenantId, String profileId) {
        return list("tenantId = ?1 and profileId = ?2 order by type, value", tenantId, profileId);
    }
}
