package io.cjm.gateway.mapping;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.cjm.gateway.rest.model.JourneyBody.FrictionBody;
import io.cjm.gateway.rest.model.ProfileBody.IdentifierBody;
import io.cjm.gateway.rest.model.TimelineBody;
import io.cjm.gateway.rest.model.TimelineBody.AttachmentBody;
import io.cjm.gateway.rest.model.TimelineBody.ContentBody;
import io.cjm.gateway.rest.model.TimelineBody.ProfileSummaryBody;
import io.cjm.gateway.rest.model.TimelineBody.TimelineJourneyBody;
import io.cjm.gateway.rest.model.TimelineBody.TimelineTouchpointBody;
import io.cjm.proto.identity.v1.Profile;
import io.cjm.proto.journey.v1.Journey;
import io.cjm.proto.touchpoint.v1.ListProfileTouchpointsResponse;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The services' answers to the agent timeline's body. */
public final class TimelineMapper {

    private TimelineMapper() {
    }

    /**
     * The timeline: the profile, the page of touchpoints (each with the id of its journey when
     * that journey is listed), the open and the closed journeys, and the next cursor.
     */
    public static TimelineBody timeline(Profile p, ListProfileTouchpointsResponse page, List<Journey> open,
            List<Journey> closed, boolean moreClosed) {
        Map<String, String> journeyOf = new HashMap<>();
        // Closed first, then open: should a touchpoint be listed in both, the open journey,
        // the one the agent can still act on, wins.
        closed.forEach(j -> j.getTouchpointIdsList().forEach(t -> journeyOf.put(t, j.getId())));
        open.forEach(j -> j.getTouchpointIdsList().forEach(t -> journeyOf.put(t, j.getId())));
        return new TimelineBody(profile(p),
                page.getTouchpointsList().stream().map(t -> touchpoint(t, journeyOf.get(t.getId()))).toList(),
                open.stream().map(TimelineMapper::journey).toList(),
                closed.stream().map(TimelineMapper::journey).toList(), moreClosed,
                page.getNextPageToken().isEmpty() ? null : page.getNextPageToken());
    }

    static ProfileSummaryBody profile(Profile p) {
        boolean merged = !p.getRequestedId().isEmpty() && !p.getRequestedId().equals(p.getId());
        return new ProfileSummaryBody(p.getId(), ApiMapper.time(p.getCreatedAt()),
                p.getIdentifiersList().stream().map(i -> new IdentifierBody(i.getType(), i.getValue(),
                        ApiMapper.time(i.getFirstSeen()), ApiMapper.time(i.getLastSeen()))).toList(),
                p.getMergedIdsList(), merged, merged ? p.getRequestedId() : null);
    }

    static TimelineTouchpointBody touchpoint(Touchpoint t, String journeyId) {
        ContentBody content = t.hasContent() ? new ContentBody(t.getContent().getText().isEmpty() ? null
                : t.getContent().getText(), t.getContent().getAttachmentsList().stream()
                        .map(a -> new AttachmentBody(a.getUri(), a.getMediaType(), a.getSizeBytes(),
                                emptyToNull(a.getKind())))
                        .toList())
                : null;
        return new TimelineTouchpointBody(t.getId(), t.getType(), t.getChannel(), emptyToNull(t.getDirection()),
                ApiMapper.time(t.getOccurredAt()), new TreeMap<>(t.getIdentifiersMap()),
                t.hasAttributes() ? struct(t.getAttributes()) : null, content,
                t.hasSentiment() ? t.getSentiment() : null, t.hasCsat() ? t.getCsat() : null,
                t.hasNps() ? t.getNps() : null, t.hasWaitSeconds() ? t.getWaitSeconds() : null,
                t.hasHandleSeconds() ? t.getHandleSeconds() : null, t.hasTransfers() ? t.getTransfers() : null,
                emptyToNull(t.getAgentId()), emptyToNull(t.getBotIntent()), emptyToNull(t.getBotOutcome()),
                t.hasValue() ? t.getValue() : null, emptyToNull(t.getCurrency()), emptyToNull(t.getSource()),
                journeyId);
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    static TimelineJourneyBody journey(Journey j) {
        return new TimelineJourneyBody(j.getId(), j.getType(), j.getCategory(), ApiMapper.status(j.getStatus()),
                j.getStage().isEmpty() ? null : j.getStage(), ApiMapper.time(j.getStartedAt()),
                ApiMapper.time(j.getLastActivityAt()), j.hasEndedAt() ? ApiMapper.time(j.getEndedAt()) : null,
                j.getTouchpointIdsCount(),
                j.getFrictionList().stream().map(f -> new FrictionBody(f.getKind(), f.getTouchpointIdsList(),
                        f.getDetail())).toList(),
                j.hasJes() ? j.getJes() : null);
    }

    /** A protobuf Struct as plain JSON values, keys sorted (a Struct keeps no order). */
    static Map<String, Object> struct(Struct s) {
        Map<String, Object> out = new TreeMap<>();
        s.getFieldsMap().forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    private static Object value(Value v) {
        return switch (v.getKindCase()) {
            case STRUCT_VALUE -> struct(v.getStructValue());
            case LIST_VALUE -> list(v.getListValue());
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case NUMBER_VALUE -> number(v.getNumberValue());
            case NULL_VALUE, KIND_NOT_SET -> null;
        };
    }

    private static List<Object> list(ListValue l) {
        List<Object> out = new ArrayList<>(l.getValuesCount());
        l.getValuesList().forEach(v -> out.add(value(v)));
        return out;
    }

    /** Whole numbers as integers (a JSON 3 came in as the double 3.0). */
    private static Object number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    }
}
