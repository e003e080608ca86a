package io.cjm.journey.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Assembles a profile's journeys from its touchpoints and the tenant's journey definitions.
 *
 * <p>Assembly is a pure, deterministic function: the same touchpoints (in any order, with
 * duplicates) and the same {@code now} always give the same journeys with the same ids, so a
 * late touchpoint or a profile merge is handled by assembling the profile again.
 *
 * <p>Touchpoints are taken in occurred-time order, then id; a repeated id counts once. Each
 * touchpoint goes to the first of:
 * <ol>
 *   <li><b>correlation</b>: a journey, open or closed, that already has one of the
 *       touchpoint's values for one of its definition's correlation keys. When the type
 *       belongs to another journey map and to none of the correlated journeys (a refund
 *       request quoting the order id of a purchase), this step is skipped so that it can open
 *       its own journey; among several correlated journeys, those whose map knows the type
 *       come first.</li>
 *   <li><b>progress</b>: an active journey (goal not reached, last touchpoint within the
 *       inactivity timeout; a failed journey stays active) whose stage, goal or failure
 *       patterns match the type.</li>
 *   <li><b>entry</b>: a new journey of the first definition, in catalogue order, whose entry
 *       patterns match the type.</li>
 *   <li><b>fallback</b>: a {@code Survey Completed} carrying CSAT or NPS joins the journey
 *       that was open, or that ended within the last 7 days; any other touchpoint joins an
 *       active journey (as in step 2). Otherwise the touchpoint joins no journey and stays
 *       on the timeline only.</li>
 * </ol>
 * Where several journeys qualify, the most recently active one wins (on a tie, the one
 * opened last).
 */
public final class JourneyAssembler {

    private static final Duration SURVEY_WINDOW = Duration.ofDays(7);
    private static final String SURVEY_COMPLETED = EventTypes.normalize("Survey Completed");

    private final List<CompiledDefinition> definitions;
    private final FrictionDetector frictionDetector;

    /**
     * @param definitions the tenant's journey definitions in catalogue order
     * @param thresholds when touchpoints count as friction
     */
    public JourneyAssembler(List<JourneyDefinition> definitions, FrictionThresholds thresholds) {
        this.definitions = definitions.stream().map(CompiledDefinition::new).toList();
        this.frictionDetector = new FrictionDetector(Objects.requireNonNull(thresholds, "thresholds"));
    }

    /**
     * The profile's journeys as of {@code now}, in the order they started. Touchpoints that
     * join no journey appear in none of them.
     */
    public List<AssembledJourney> assemble(String tenantId, List<TouchpointFact> touchpoints, Instant now) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(now, "now");
        List<JourneyDraft> drafts = new ArrayList<>();
        for (TouchpointFact touchpoint : inJourneyOrder(touchpoints)) {
            String type = EventTypes.normalize(touchpoint.type());
            route(touchpoint, type, drafts).ifPresent(draft -> {
                if (draft.isEmpty()) {
                    drafts.add(draft);
                }
                draft.add(touchpoint, type);
            });
        }
        return drafts.stream().map(draft -> toJourney(tenantId, draft, now)).toList();
    }

    private static List<TouchpointFact> inJourneyOrder(List<TouchpointFact> touchpoints) {
        Set<String> seen = new HashSet<>();
        return touchpoints.stream()
                .sorted(Comparator.comparing(TouchpointFact::occurredAt).thenComparing(TouchpointFact::id))
                .filter(touchpoint -> seen.add(touchpoint.id()))
                .toList();
    }

    private Optional<JourneyDraft> route(TouchpointFact touchpoint, String type, List<JourneyDraft> drafts) {
        return byCorrelation(touchpoint, type, drafts)
                .or(() -> byProgress(touchpoint, type, drafts))
                .or(() -> byEntry(type, drafts.size()))
                .or(() -> byFallback(touchpoint, type, drafts));
    }

    private Optional<JourneyDraft> byCorrelation(TouchpointFact touchpoint, String type, List<JourneyDraft> drafts) {
        List<JourneyDraft> correlated = drafts.stream()
                .filter(draft -> draft.sharesCorrelationWith(touchpoint))
                .toList();
        Optional<JourneyDraft> knowingType = mostRecent(
                correlated.stream().filter(draft -> draft.definition().recognizes(type)).toList());
        if (knowingType.isPresent() || belongsToSomeMap(type)) {
            return knowingType;
        }
        return mostRecent(correlated);
    }

    private static Optional<JourneyDraft> byProgress(TouchpointFact touchpoint, String type,
            List<JourneyDraft> drafts) {
        return mostRecent(drafts.stream()
                .filter(draft -> draft.isActiveAt(touchpoint.occurredAt()))
                .filter(draft -> draft.definition().progresses(type))
                .toList());
    }

    private Optional<JourneyDraft> byEntry(String type, int sequence) {
        return definitions.stream()
                .filter(definition -> definition.opensOn(type))
                .findFirst()
                .map(definition -> new JourneyDraft(definition, sequence));
    }

    private static Optional<JourneyDraft> byFallback(TouchpointFact touchpoint, String type,
            List<JourneyDraft> drafts) {
        Instant at = touchpoint.occurredAt();
        if (isSurveyAnswer(touchpoint, type)) {
            Instant windowStart = at.minus(SURVEY_WINDOW);
            return mostRecent(drafts.stream().filter(draft -> {
                Instant ended = draft.endedAsOf(at);
                return ended == null || !ended.isBefore(windowStart);
            }).toList());
        }
        return mostRecent(drafts.stream().filter(draft -> draft.isActiveAt(at)).toList());
    }

    private static boolean isSurveyAnswer(TouchpointFact touchpoint, String type) {
        return SURVEY_COMPLETED.equals(type) && (touchpoint.csat() != null || touchpoint.nps() != null);
    }

    private boolean belongsToSomeMap(String type) {
        return definitions.stream().anyMatch(definition -> definition.recognizes(type));
    }

    private static Optional<JourneyDraft> mostRecent(List<JourneyDraft> candidates) {
        return candidates.stream().max(JourneyDraft.MOST_RECENTLY_ACTIVE);
    }

    private AssembledJourney toJourney(String tenantId, JourneyDraft draft, Instant now) {
        JourneyDefinition definition = draft.definition().definition();
        List<TouchpointFact> touchpoints = draft.touchpoints();
        return new AssembledJourney(
                journeyId(tenantId, definition.key(), touchpoints.getFirst().id()),
                definition.key(),
                definition.category(),
                definition.version(),
                draft.statusAt(now),
                draft.stage(),
                draft.startedAt(),
                draft.lastActivityAt(),
                draft.endedAsOf(now),
                touchpoints.stream().map(TouchpointFact::id).toList(),
                handoffs(touchpoints),
                frictionDetector.detect(touchpoints, draft.definition()),
                draft.correlation());
    }

    /** The stable id of the journey of the given definition that starts with the given touchpoint. */
    public static String journeyId(String tenantId, String definitionKey, String firstTouchpointId) {
        String name = tenantId + "/" + definitionKey + "/" + firstTouchpointId;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static List<Handoff> handoffs(List<TouchpointFact> touchpoints) {
        List<Handoff> handoffs = new ArrayList<>();
        for (int i = 1; i < touchpoints.size(); i++) {
            TouchpointFact from = touchpoints.get(i - 1);
            TouchpointFact to = touchpoints.get(i);
            if (!from.channel().equals(to.channel())) {
                Duration gap = Duration.between(from.occurredAt(), to.occurredAt());
                handoffs.add(new Handoff(from.channel(), to.channel(), gap, from.id(), to.id()));
            }
        }
        return handoffs;
    }
}
