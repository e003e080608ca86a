package io.cjm.touchpoint.repository;

import io.cjm.touchpoint.entity.WriteKeyEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class WriteKeyRepository implements PanacheRepositoryBase<WriteKeyEntity, String> {

    /** The tenant's keys, newest first, at most {@code limit}. */
    public Uni<List<WriteKeyEntity>> ofTenant(String tenantId, int limit) {
        return find("tenantId = ?1", Sort.descending("createdAt").and("id", Sort.Direction.Descending), tenantId)
                .page(Page.ofSize(limit)).list();
    }

    /** The tenant's key with that id, or null (another tenant's key is null too). */
    public Uni<WriteKeyEntity> ofTenant(String tenantId, String id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    /** The key whose secret has this hash, active or not, or null. */
    public Uni<WriteKeyEntity> bySecretHash(String secretHash) {
        return find("secretHash = ?1", secretHash).firstResult();
    }
}
