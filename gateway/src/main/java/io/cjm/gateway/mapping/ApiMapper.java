package io.cjm.gateway.mapping;

import com.google.protobuf.Timestamp;
import io.cjm.gateway.rest.model.JourneyBody;
import io.cjm.gateway.rest.model.JourneyBody.FactorBody;
import io.cjm.gateway.rest.model.JourneyBody.FrictionBody;
import io.cjm.gateway.rest.model.JourneyBody.HandoffBody;
import io.cjm.gateway.rest.model.JourneyBody.JesBody;
import io.cjm.gateway.rest.model.PipelineBody;
import io.cjm.gateway.rest.model.ProfileBody;
import io.cjm.gateway.rest.model.ProfileBody.IdentifierBody;
import io.cjm.proto.identity.v1.Profile;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyStatus;
import io.cjm.proto.scoring.v1.JourneyScore;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsResponse;
import java.time.Instant;
import java.util.Locale;

/** Proto answers of the services to the REST models of the API. */
public final class ApiMapper {

    private ApiMapper() {
    }

    public static ProfileBody profile(Profile p) {
        boolean merged = !p.getRequestedId().isEmpty();
        return new ProfileBody(p.getId(), time(p.getCreatedAt()),
                p.getIdentifiersList().stream().map(i -> new IdentifierBody(i.getType(), i.getValue(),
                        time(i.getFirstSeen()), time(i.getLastSeen()))).toList(),
                p.getMergedIdsList(), merged ? p.getRequestedId() : null, merged ? Boolean.TRUE : null);
    }

    /** A journey; with a full score when one is given, otherwise with the score journey-service knows. */
    public static JourneyBody journey(Journey j, JourneyScore score) {
        JesBody jes = score != null
                ? new JesBody(score.getScore(), score.getModelVersion(), time(score.getScoredAt()),
                        score.getBreakdownList().stream().map(f -> new FactorBody(f.getFactor(), f.getPoints(),
                                f.getTouchpointIdsList(), f.getDetail())).toList())
                : j.hasJes() ? new JesBody(j.getJes(), null, null, null) : null;
        return new JourneyBody(j.getId(), j.getProfileId(), j.getType(), j.getCategory(), status(j.getStatus()),
                j.getStage().isEmpty() ? null : j.getStage(), time(j.getStartedAt()), time(j.getLastActivityAt()),
                j.hasEndedAt() ? time(j.getEndedAt()) : null, j.getTouchpointIdsList(),
                j.getHandoffsList().stream().map(h -> new HandoffBody(h.getFromChannel(), h.getToChannel(),
                        h.getGapSeconds(), h.getFromTouchpointId(), h.getToTouchpointId())).toList(),
                j.getFrictionList().stream().map(f -> new FrictionBody(f.getKind(), f.getTouchpointIdsList(),
                        f.getDetail())).toList(),
                jes, j.getDefinitionVersion());
    }

    public static PipelineBody pipeline(GetPipelineStatsResponse s) {
        return new PipelineBody(s.getAccepted(), s.getResolved(), s.getAssembled(), s.getScored(), s.getPending(),
                s.getQuarantined(), s.getOldestPendingSeconds());
    }

    public static String status(JourneyStatus s) {
        return s == JourneyStatus.JOURNEY_STATUS_UNSPECIFIED ? null
                : s.name().substring("JOURNEY_STATUS_".length()).toLowerCase(Locale.ROOT);
    }

    /** The proto status for a REST status name, or null when the name is unknown. */
    public static JourneyStatus status(String name) {
        for (JourneyStatus s : JourneyStatus.values()) {
            if (s != JourneyStatus.UNRECOGNIZED && s != JourneyStatus.JOURNEY_STATUS_UNSPECIFIED
                    && name.equals(status(s))) {
                return s;
            }
        }
        return null;
    }

    static String time(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }
}
