package io.cjm.journey.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One version of a tenant's journey definition, or the deletion of one (body null). */
@Entity
@Table(name = "journey_definition_version")
public class DefinitionVersionEntity {

    /** Tenant, key and version. */
    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "tenant_id", nullable = false)
        public String tenantId;

        @Column(name = "definition_key", nullable = false)
        public String definitionKey;

        @Column(nullable = false)
        public int version;

        public Key() {
        }

        public Key(String tenantId, String definitionKey, int version) {
            this.tenantId = tenantId;
            this.definitionKey = definitionKey;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.tenantId.equals(tenantId) && k.definitionKey.equals(definitionKey)
                    && k.version == version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, definitionKey, version);
        }
    }

    @EmbeddedId
    public Key id;

    @Column(nullable = false)
    public boolean deleted;

    /** The definition as JSON ({@link io.cjm.journey.mapping.DefinitionMapper.StoredDefinition}). */
    public String body;

    @Column(name = "key_created_at", nullable = false)
    public Instant keyCreatedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
