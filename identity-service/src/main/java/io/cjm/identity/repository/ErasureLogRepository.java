package io.cjm.identity.repository;

import io.cjm.identity.entity.ErasureLogEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ErasureLogRepository implements PanacheRepositoryBase<ErasureLogEntity, String> {

    public static String uid(String tenantId, String profileId) {
        return tenantId + "/" + profileId;
    }
}
