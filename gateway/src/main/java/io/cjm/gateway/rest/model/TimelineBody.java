package io.cjm.gateway.rest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cjm.gateway.rest.model.JourneyBody.FrictionBody;
import io.cjm.gateway.rest.model.ProfileBody.IdentifierBody;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What an agent needs before answering: the profile, one page of its touchpoints (newest
 * first, with their content), and its journeys (the open ones, and the most recently active
 * closed ones).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineBody(
        @Schema(description = "The profile; when the id asked for was merged, the survivor, with merged true "
                + "and requestedId the id asked for") ProfileSummaryBody profile,
        @Schema(description = "One page of the profile's touchpoints, newest first (occurredAt, then id, both "
                + "descending)") List<TimelineTouchpointBody> touchpoints,
        @Schema(description = "Every open journey of the profile (at most 100), newest activity first")
        List<TimelineJourneyBody> openJourneys,
        @Schema(description = "The profile's 20 most recently active closed journeys (completed, failed, "
                + "abandoned), newest activity first")
        List<TimelineJourneyBody> closedJourneys,
        @Schema(description = "True when the profile may have more closed journeys than listed; GET "
                + "/journeys?profileId= lists them all") boolean moreClosedJourneys,
        @Schema(description = "The cursor of the next page of touchpoints; absent on the last page")
        String nextCursor) {

    /** The profile as the timeline shows it: who it is, without the merge log. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProfileSummaryBody(
            @Schema(description = "The profile id (the survivor when the id asked for was merged)") String id,
            @Schema(description = "When the profile was created") String createdAt,
            @Schema(description = "Its identifiers with first and last seen") List<IdentifierBody> identifiers,
            @Schema(description = "Ids merged into it, which answer with it") List<String> mergedIds,
            @Schema(description = "True when the id asked for was merged into this profile") boolean merged,
            @Schema(description = "The id asked for, when merged") String requestedId) {
    }

    /** A touchpoint as captured, and the journey it belongs to when that journey is listed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineTouchpointBody(
            @Schema(description = "The touchpoint's id (the client's key)") String id,
            @Schema(description = "Its event type") String type,
            @Schema(description = "Its channel") String channel,
            @Schema(description = "inbound or outbound, when known") String direction,
            @Schema(description = "When the contact happened") String occurredAt,
            @Schema(description = "The identifiers it came with, type to value") Map<String, String> identifiers,
            @Schema(description = "Its free attributes, as sent") Map<String, Object> attributes,
            @Schema(description = "What was said or sent") ContentBody content,
            @Schema(description = "Sentiment, -1 to 1") Double sentiment,
            @Schema(description = "CSAT answer, 1 to 5") Integer csat,
            @Schema(description = "NPS answer, 0 to 10") Integer nps,
            @Schema(description = "Seconds the customer waited before being served") Integer waitSeconds,
            @Schema(description = "Seconds an agent or bot spent handling it: talk, chat or work time")
            Integer handleSeconds,
            @Schema(description = "How many times it was transferred between agents, queues or teams")
            Integer transfers,
            @Schema(description = "The agent who handled it") String agentId,
            @Schema(description = "The intent a bot recognized, for example refund_status") String botIntent,
            @Schema(description = "How the bot part ended: resolved, escalated, abandoned or failed")
            String botOutcome,
            @Schema(description = "Money value, in currency") Double value,
            @Schema(description = "ISO 4217 code of value, for example EUR; absent when the client sent none")
            String currency,
            @Schema(description = "The system it came from, for example zendesk or trustpilot") String source,
            @Schema(description = "The journey it belongs to, when that journey is among openJourneys or "
                    + "closedJourneys") String journeyId) {
    }

    /** The text and the attachment references of a touchpoint. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContentBody(
            @Schema(description = "The text of the message, transcript or note") String text,
            @Schema(description = "References to voice, image, video or file media") List<AttachmentBody> attachments) {
    }

    /** A reference to media; the media itself is not stored. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttachmentBody(
            @Schema(description = "Where the media lives") String uri,
            @Schema(description = "Its media type, for example audio/ogg") String mediaType,
            @Schema(description = "Its size in bytes") long sizeBytes,
            @Schema(description = "voice, image, video or file (derived from mediaType when the client sent none)")
            String kind) {
    }

    /** A journey of the profile: where it stands, the friction so far and the JES. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineJourneyBody(
            @Schema(description = "The journey id; GET /journeys/{id} has the JES breakdown") String id,
            @Schema(description = "The journey definition key, for example support") String type,
            @Schema(description = "The definition's category") String category,
            @Schema(description = "open, completed, failed or abandoned") String status,
            @Schema(description = "The furthest stage reached; absent before the first stage") String stage,
            @Schema(description = "Time of its first touchpoint") String startedAt,
            @Schema(description = "Time of its last touchpoint") String lastActivityAt,
            @Schema(description = "When it completed, failed or was abandoned") String endedAt,
            @Schema(description = "How many touchpoints it has") int touchpointCount,
            @Schema(description = "The friction found so far") List<FrictionBody> friction,
            @Schema(description = "The latest JES, 0 to 100; absent until scored") Double jes) {
    }
}
