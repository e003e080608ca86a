package io.cjm.identity.repository;

import io.cjm.identity.entity.MergeLogEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MergeLogRepository implements PanacheRepositoryBase<MergeLogEntity, String> {
}
