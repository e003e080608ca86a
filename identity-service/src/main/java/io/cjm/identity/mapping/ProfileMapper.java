package io.cjm.identity.mapping;

import io.cjm.platform.grpc.Timestamps;
import com.google.protobuf.Timestamp;
import io.cjm.identity.entity.IdentifierEntity;
import io.cjm.identity.service.ProfileQueryService.ProfileView;
import io.cjm.proto.identity.v1.Identifier;
import io.cjm.proto.identity.v1.Profile;
import java.time.Instant;

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
        return b.build();
    }

    static Identifier toProto(IdentifierEntity e) {
        return Identifier.newBuilder().setType(e.type).setValue(e.value)
                .setFirstSeen(Timestamps.of(e.firstSeen)).setLastSeen(Timestamps.of(e.lastSeen)).build();
    }

}
