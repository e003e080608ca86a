package io.cjm.gateway.mapping;

import com.google.protobuf.Timestamp;
import io.cjm.gateway.rest.model.JourneyBody;
import io.cjm.gateway.rest.model.JourneyBody.FactorBody;
import io.cjm.gateway.rest.model.JourneyBody.FrictionBody;
import io.cjm.gateway.rest.model.JourneyBody.HandoffBody;
import io.cjm.gateway.rest.model.JourneyBody.JesBody;
import io.cjm.gateway.rest.model.IdentitySettingsBody;
import io.cjm.gateway.rest.model.PipelineBody;
import io.cjm.gateway.rest.model.QuarantinePageBody;
import io.cjm.gateway.rest.model.QuarantinedTouchpointBody;
import io.cjm.gateway.rest.model.ReplayResultBody;
import io.cjm.gateway.rest.model.ReplayResultBody.SkippedBody;
import io.cjm.gateway.rest.model.ProfileBody;
import io.cjm.gateway.rest.model.ProfileBody.ConflictBody;
import io.cjm.gateway.rest.model.ProfileBody.IdentifierBody;
import io.cjm.gateway.rest.model.ProfileBody.MergeBody;
import io.cjm.gateway.rest.model.SplitResultBody;
import io.cjm.proto.identity.v1.IdentityConflict;
import io.cjm.proto.identity.v1.IdentitySettings;
import io.cjm.proto.identity.v1.MergeRecord;
import io.cjm.proto.identity.v1.Profile;
import io.cjm.proto.identity.v1.SplitIdentifierResponse;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.journey.v1.JourneyStatus;
import io.cjm.proto.scoring.v1.JourneyScore;
import io.cjm.proto.touchpoint.v1.GetPipelineStatsResponse;
import io.cjm.proto.touchpoint.v1.ListQuarantinedResponse;
import io.cjm.proto.touchpoint.v1.ReplayQuarantinedResponse;
import io.cjm.proto.touchpoint.v1.SkipReason;
import java.time.Instant;
import java.util.Locale;
import java.util.TreeMap;

/** Proto answers of the services to the REST models of the API. */
public final class ApiMapper {

    private ApiMapper() {
    }

    /** A profile; merged is true when the id asked for was merged into it (requestedId names that id). */
    public static ProfileBody profile(Profile p) {
        boolean merged = !p.getRequestedId().isEmpty() && !p.getRequestedId().equals(p.getId());
        return new ProfileBody(p.getId(), time(p.getCreatedAt()),
                p.getIdentifiersList().stream().map(i -> new IdentifierBody(i.getType(), i.getValue(),
                        time(i.getFirstSeen()), time(i.getLastSeen()))).toList(),
                p.getMergedIdsList(), merged, merged ? p.getRequestedId() : null,
                p.getMergesList().stream().map(ApiMapper::merge).toList(),
                p.getConflictsList().stream().map(ApiMapper::conflict).toList());
    }

    /** Settings as written by an admin, for identity-service (which checks their values). */
    public static IdentitySettings settingsRequest(IdentitySettingsBody b) {
        return IdentitySettings.newBuilder().setDefaultRegion(b.defaultRegion()).setGmailNormalization(
                b.gmailNormalization()).addAllCustomTypes(b.customTypes()).addAllBlockedPatterns(b.blockedPatterns())
                .addAllPriority(b.priority()).putAllLimits(b.limits()).build();
    }

    static MergeBody merge(MergeRecord m) {
        return new MergeBody(m.getKind(), m.getSurvivorId(), m.getMergedId(), m.getReason(),
                emptyAsNull(m.getTouchpointId()), emptyAsNull(m.getRequestedBy()), time(m.getAt()));
    }

    static ConflictBody conflict(IdentityConflict c) {
        return new ConflictBody(c.getTouchpointId(), c.getIdentifierType(), c.getProfileId(), c.getOtherProfileId(),
                c.getReason(), time(c.getOccurredAt()));
    }

    /** Both profiles of a split. */
    public static SplitResultBody split(SplitIdentifierResponse r) {
        return new SplitResultBody(profile(r.getProfile()), profile(r.getSplitProfile()));
    }

    /** The tenant's identity settings; limits sorted by type. */
    public static IdentitySettingsBody settings(IdentitySettings s) {
        return new IdentitySettingsBody(s.getDefaultRegion(), s.getGmailNormalization(), s.getCustomTypesList(),
                s.getBlockedPatternsList(), s.getPriorityList(), new TreeMap<>(s.getLimitsMap()));
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

    /** A page of quarantined touchpoints; nextCursor is null on the last page. */
    public static QuarantinePageBody quarantine(ListQuarantinedResponse page) {
        return new QuarantinePageBody(page.getItemsList().stream().map(q -> new QuarantinedTouchpointBody(q.getId(),
                q.getType(), q.getChannel(), time(q.getOccurredAt()), time(q.getQuarantinedAt()),
                emptyAsNull(q.getReason()), q.getAttempts())).toList(), emptyAsNull(page.getNextPageToken()));
    }

    /** A replay's answer; skip reasons as {@code not_found} and {@code not_quarantined}. */
    public static ReplayResultBody replay(ReplayQuarantinedResponse r) {
        return new ReplayResultBody(r.getReplayed(), r.getReplayedIdsList(), r.getSkippedList().stream()
                .map(s -> new SkippedBody(s.getId(), s.getReason() == SkipReason.SKIP_REASON_NOT_FOUND ? "not_found"
                        : "not_quarantined"))
                .toList(), r.getMore());
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

    private static String emptyAsNull(String s) {
        return s.isEmpty() ? null : s;
    }

    static String time(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }
}
