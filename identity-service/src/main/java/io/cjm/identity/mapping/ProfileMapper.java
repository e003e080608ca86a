package io.cjm.identity.mapping;

import io.cjm.identity.entity.IdentifierEntity;
import io.cjm.identity.entity.IdentityConflictEntity;
import io.cjm.identity.entity.MergeLogEntity;
import io.cjm.identity.service.GraphRecomputer.Move;
import io.cjm.identity.service.ProfileQueryService.ProfileView;
import io.cjm.platform.grpc.Timestamps;
import io.cjm.proto.identity.v1.Identifier;
import io.cjm.proto.identity.v1.IdentityConflict;
import io.cjm.proto.identity.v1.MergeRecord;
import io.cjm.proto.identity.v1.Profile;
import io.cjm.proto.identity.v1.TouchpointAssignment;
import java.util.List;

/** Entities to proto messages. */
public final class ProfileMapper {

    private ProfileMapper() {
    }

    public static Profile toProto(ProfileView view) {
        Profile.Builder b = Profile.newBuilder()
                .setId(view.profile().id)
                .setCreatedAt(Timestamps.of(view.profile().createdAt))
                .addAllMergedIds(view.mergedIds());
        if (!view.requestedId().equals(view.profile().id)) {
            b.setRequestedId(view.requestedId());
        }
        view.identifiers().forEach(i -> b.addIdentifiers(toProto(i)));
        view.merges().forEach(m -> b.addMerges(toProto(m)));
        view.conflicts().forEach(c -> b.addConflicts(toProto(c)));
        return b.build();
    }

    static Identifier toProto(IdentifierEntity e) {
        return Identifier.newBuilder().setType(e.type).setValue(e.value)
                .setFirstSeen(Timestamps.of(e.firstSeen)).setLastSeen(Timestamps.of(e.lastSeen)).build();
    }

    static MergeRecord toProto(MergeLogEntity e) {
        MergeRecord.Builder b = MergeRecord.newBuilder().setSurvivorId(e.survivorId).setMergedId(e.mergedId)
                .setKind(e.kind).setReason(e.reason).setAt(Timestamps.of(e.mergedAt));
        if (e.touchpointId != null) {
            b.setTouchpointId(e.touchpointId);
        }
        if (e.requestedBy != null) {
            b.setRequestedBy(e.requestedBy);
        }
        return b.build();
    }

    public static IdentityConflict toProto(IdentityConflictEntity e) {
        return IdentityConflict.newBuilder().setTouchpointId(e.touchpointId).setIdentifierType(e.identifierType)
                .setProfileId(e.profileId).setOtherProfileId(e.otherProfileId).setReason(e.reason)
                .setOccurredAt(Timestamps.of(e.occurredAt)).build();
    }

    public static List<TouchpointAssignment> toProto(List<Move> moves) {
        return moves.stream().map(m -> TouchpointAssignment.newBuilder().setTouchpointId(m.touchpointId())
                .setProfileId(m.profileId()).build()).toList();
    }
}
