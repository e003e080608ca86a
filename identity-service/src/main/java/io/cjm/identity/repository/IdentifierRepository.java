package io.cjm.identity.repository;

import io.cjm.identity.entity.IdentifierEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
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
     * (tenant, type, value) answers it.
     */
    public Uni<List<IdentifierEntity>> findByKeys(String tenantId, Collection<String> keys) {
        Map<String, List<String>> valuesByType = new TreeMap<>();
        for (String key : keys) {
            int colon = key.indexOf(':');
            valuesByType.computeIfAbsent(key.substring(0, colon), t -> new ArrayList<>()).add(key.substring(colon + 1));
        }
        StringBuilder query = new StringBuilder("tenantId = :tenant and (");
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenantId);
        int i = 0;
        for (var e : valuesByType.entrySet()) {
            query.append(i == 0 ? "" : " or ").append("(type = :t").append(i).append(" and value in :v").append(i)
                    .append(')');
            params.put("t" + i, e.getKey());
            params.put("v" + i, e.getValue());
            i++;
        }
        return list(query.append(')').toString(), params);
    }

    public Uni<List<IdentifierEntity>> findByComponents(String tenantId, Collection<String> components) {
        return list("tenantId = ?1 and componentId in ?2", tenantId, components);
    }

    public Uni<List<IdentifierEntity>> findByProfile(String tenantId, String profileId) {
        return list("tenantId = ?1 and profileId = ?2 order by type, value", tenantId, profileId);
    }
}
