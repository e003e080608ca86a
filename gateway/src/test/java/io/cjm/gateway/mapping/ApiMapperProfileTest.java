package io.cjm.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import io.cjm.gateway.rest.model.ProfileBody;
import io.cjm.gateway.rest.model.ProfileBody.ConflictBody;
import io.cjm.gateway.rest.model.ProfileBody.MergeBody;
import io.cjm.proto.identity.v1.Identifier;
import io.cjm.proto.identity.v1.IdentityConflict;
import io.cjm.proto.identity.v1.MergeRecord;
import io.cjm.proto.identity.v1.Profile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiMapperProfileTest {

    private static final Instant AT = Instant.parse("2026-01-15T09:30:00Z");

    private static Timestamp ts(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    private static Profile.Builder profile() {
        return Profile.newBuilder().setId("p-1").setCreatedAt(ts(AT))
                .addIdentifiers(Identifier.newBuilder().setType("customerId").setValue("C-1")
                        .setFirstSeen(ts(AT)).setLastSeen(ts(AT)));
    }

    @Test
    void aProfileAskedForByItsOwnIdIsNotMerged() {
        ProfileBody body = ApiMapper.profile(profile().build());

        assertFalse(body.merged());
        assertNull(body.requestedId());
        assertEquals(List.of(), body.merges());
        assertEquals(List.of(), body.conflicts());
    }

    @Test
    void aMergedIdAnswersWithTheSurvivorAndTheMergeNamingTheTouchpoint() {
        ProfileBody body = ApiMapper.profile(profile().setRequestedId("p-2").addMergedIds("p-2")
                .addMerges(MergeRecord.newBuilder().setKind("merge").setSurvivorId("p-1").setMergedId("p-2")
                        .setReason("identifiers seen together on one touchpoint").setTouchpointId("tp-3")
                        .setAt(ts(AT.plusSeconds(60))))
                .build());

        assertTrue(body.merged());
        assertEquals("p-2", body.requestedId());
        assertEquals(List.of(new MergeBody("merge", "p-1", "p-2", "identifiers seen together on one touchpoint",
                "tp-3", null, "2026-01-15T09:31:00Z")), body.merges());
    }

    @Test
    void conflictsNameTheTouchpointTheTypeAndBothProfiles() {
        ProfileBody body = ApiMapper.profile(profile().addConflicts(IdentityConflict.newBuilder()
                .setTouchpointId("tp-9").setIdentifierType("anonymousId").setProfileId("p-1")
                .setOtherProfileId("p-7").setReason("limit of 1 customerId per profile").setOccurredAt(ts(AT)))
                .build());

        assertEquals(List.of(new ConflictBody("tp-9", "anonymousId", "p-1", "p-7",
                "limit of 1 customerId per profile", "2026-01-15T09:30:00Z")), body.conflicts());
    }

    @Test
    void inJsonAnAutomaticMergeLeavesOutRequestedByAndMergedIsAlwaysThere() throws Exception {
        JsonNode json = new ObjectMapper().valueToTree(ApiMapper.profile(profile()
                .addMerges(MergeRecord.newBuilder().setKind("merge").setSurvivorId("p-1").setMergedId("p-2")
                        .setReason("r").setTouchpointId("tp-3").setAt(ts(AT)))
                .build()));

        assertFalse(json.get("merged").asBoolean());
        assertFalse(json.has("requestedId"));
        assertFalse(json.get("merges").get(0).has("requestedBy"));
        assertEquals("tp-3", json.get("merges").get(0).get("touchpointId").asText());
    }
}
