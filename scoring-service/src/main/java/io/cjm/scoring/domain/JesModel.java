package io.cjm.scoring.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Journey Excellence Score (JES), model {@value #VERSION}: 0 to 100 for one journey,
 * with a breakdown whose points add up exactly to the score.
 *
 * <p>The model follows the customer-effort research (Dixon, Freeman and Toman, "Stop Trying
 * to Delight Your Customers", Harvard Business Review, 2010, and "The Effortless
 * Experience", 2013): loyalty is lost through effort far more than it is won through
 * delight, and the effort that drives disloyalty is having to contact the company again,
 * being transferred, having to repeat information and having to switch channels. So after
 * the outcome, the score is mostly made of effort and friction penalties, and satisfaction
 * and sentiment adjust it within a bounded range.
 *
 * <p>With the {@linkplain JesWeights#defaults() default weights}, the factors are:
 * <ul>
 *   <li>{@code base}: 70 points.</li>
 *   <li>{@code outcome}: completed +15, failed -20, abandoned -15, open 0.</li>
 *   <li>{@code effort}: -2 per touchpoint beyond the expected number (at most -10), and -3
 *       when the journey took longer than expected, -6 when more than twice as long.
 *       Survey answers (touchpoints carrying CSAT or NPS) are feedback, not effort: they
 *       count neither as touchpoints nor toward the duration, which runs from the start to
 *       the last other touchpoint. Evidence: the touchpoints beyond the expected number and
 *       those after the expected duration.</li>
 *   <li>{@code handoffs}: -2 per channel handoff, at most -8.</li>
 *   <li>{@code friction.<kind>}, one per friction kind present: -3 per signal, -4 for
 *       {@code repeat_contact} and {@code transfer}. All friction together costs at most 50
 *       points; above that every kind is scaled down in proportion.</li>
 *   <li>{@code satisfaction}: (latest CSAT - 3) x 5 plus (latest NPS - 7) x 2, within
 *       -15..+15.</li>
 *   <li>{@code sentiment}: the mean sentiment of the touchpoints that carry one, x 15.</li>
 *   <li>{@code bounds}: only when the sum leaves 0..100, the points that bring it back.</li>
 * </ul>
 * These weights were calibrated on synthetic journeys with a known latent quality (module
 * {@code evaluation}, seed 42) and are checked on other synthetic journeys (seed 7): the
 * friction kinds, which carry most of the signal, get the widest range, and the outcome
 * less than it had in {@code jes-1.0}, where a floor at 0 flattened a quarter of all journeys.
 * Every factor is rounded to one decimal (half away from zero) and the score is their sum.
 * A factor without data, or worth 0 points, is left out, except {@code base} and
 * {@code outcome}, which are always there.
 */
public final class JesModel {

    /** The version every score from this model carries. */
    public static final String VERSION = "jes-1.1";

    private static final long MAX_TENTHS = 1000;
    private static final String FAILURE_EVENT = "failure_event";
    private static final Comparator<TouchpointInput> TIME_ORDER =
            Comparator.comparing(TouchpointInput::occurredAt).thenComparing(TouchpointInput::id);

    private final JesWeights weights;
    private final String version;

    public JesModel(JesWeights weights) {
        this(weights, VERSION);
    }

    /**
     * A model with a tenant's weights, whose scores carry {@code version} (see
     * {@link WeightsRevision#modelVersion}).
     */
    public JesModel(JesWeights weights, String version) {
        this.weights = Objects.requireNonNull(weights, "weights");
        this.version = Objects.requireNonNull(version, "version");
    }

    /** Scores the journey; the same input always gives the same result. */
    public JesResult score(JourneyInput journey) {
        List<TouchpointInput> touchpoints = journey.touchpoints().stream().sorted(TIME_ORDER).toList();
        List<Factor> breakdown = new ArrayList<>();
        breakdown.add(factor("base", weights.base(), List.of(), "Starting points of every journey"));
        breakdown.add(outcome(journey, touchpoints));
        effort(journey, touchpoints).ifPresent(breakdown::add);
        handoffs(journey, touchpoints).ifPresent(breakdown::add);
        breakdown.addAll(friction(journey.friction()));
        satisfaction(touchpoints).ifPresent(breakdown::add);
        sentiment(touchpoints).ifPresent(breakdown::add);
        long total = breakdown.stream().mapToLong(factor -> Tenths.of(factor.points())).sum();
        long clamped = Math.clamp(total, 0, MAX_TENTHS);
        if (clamped != total) {
            breakdown.add(factor("bounds", Tenths.toPoints(clamped - total), List.of(),
                    "Brought back within 0-100"));
        }
        return new JesResult(Tenths.toPoints(clamped), version, breakdown);
    }

    private Factor outcome(JourneyInput journey, List<TouchpointInput> touchpoints) {
        String where = journey.stage() == null ? "" : " at stage " + journey.stage();
        return switch (journey.status().toLowerCase(Locale.ROOT)) {
            case "completed" -> factor("outcome", weights.completedPoints(), List.of(), "Goal reached");
            case "failed" -> factor("outcome", weights.failedPoints(), failureEvidence(journey), "Failed" + where);
            case "abandoned" -> factor("outcome", weights.abandonedPoints(), lastId(touchpoints), "Abandoned" + where);
            case "open" -> factor("outcome", weights.openPoints(), List.of(), "Still open" + where);
            default -> throw new IllegalArgumentException("unknown journey status: " + journey.status());
        };
    }

    private Optional<Factor> effort(JourneyInput journey, List<TouchpointInput> allTouchpoints) {
        List<TouchpointInput> touchpoints = allTouchpoints.stream().filter(t -> t.csat() == null && t.nps() == null)
                .toList();
        int extra = journey.expectedTouchpoints() > 0 ? touchpoints.size() - journey.expectedTouchpoints() : 0;
        double touchpointPoints = extra > 0
                ? -Math.min(extra * weights.extraTouchpointPenalty(), weights.extraTouchpointCap())
                : 0;
        DurationOverrun overrun = durationOverrun(journey, touchpoints);
        List<String> details = new ArrayList<>();
        if (extra > 0) {
            details.add(touchpoints.size() + " touchpoints (" + journey.expectedTouchpoints() + " expected)");
        }
        if (overrun.points() != 0) {
            details.add("took " + Texts.duration(overrun.actual()) + " ("
                    + Texts.duration(journey.expectedDuration()) + " expected)");
        }
        List<TouchpointInput> beyondCount = extra > 0
                ? touchpoints.subList(journey.expectedTouchpoints(), touchpoints.size())
                : List.of();
        List<String> evidence = ids(Stream.concat(beyondCount.stream(), overrun.late().stream()).sorted(TIME_ORDER));
        return optionalFactor("effort", touchpointPoints + overrun.points(), evidence, String.join(", ", details));
    }

    private DurationOverrun durationOverrun(JourneyInput journey, List<TouchpointInput> touchpoints) {
        Duration expected = journey.expectedDuration();
        Instant start = journey.startedAt() != null || touchpoints.isEmpty()
                ? journey.startedAt()
                : touchpoints.getFirst().occurredAt();
        Instant end = touchpoints.isEmpty() ? journey.lastActivityAt() : touchpoints.getLast().occurredAt();
        if (expected == null || expected.isZero() || expected.isNegative() || start == null || end == null) {
            return DurationOverrun.NONE;
        }
        Duration actual = Duration.between(start, end);
        if (actual.compareTo(expected) <= 0) {
            return DurationOverrun.NONE;
        }
        double points = actual.compareTo(expected.multipliedBy(2)) > 0
                ? -weights.farOverDurationPenalty()
                : -weights.overDurationPenalty();
        Instant due = start.plus(expected);
        List<TouchpointInput> late = touchpoints.stream().filter(t -> t.occurredAt().isAfter(due)).toList();
        return new DurationOverrun(points, actual, late);
    }

    private Optional<Factor> handoffs(JourneyInput journey, List<TouchpointInput> touchpoints) {
        int count = journey.handoffCount();
        double points = -Math.min(count * weights.handoffPenalty(), weights.handoffCap());
        String detail = count + (count == 1 ? " channel handoff" : " channel handoffs");
        return optionalFactor("handoffs", points, channelChanges(touchpoints), detail);
    }

    private List<Factor> friction(List<FrictionInput> signals) {
        Map<String, List<FrictionInput>> byKind = new LinkedHashMap<>();
        signals.forEach(signal -> byKind.computeIfAbsent(signal.kind(), kind -> new ArrayList<>()).add(signal));
        List<String> kinds = List.copyOf(byKind.keySet());
        List<Double> penalties = kinds.stream()
                .map(kind -> weights.frictionPenalty(kind) * byKind.get(kind).size() * 10)
                .toList();
        long uncapped = Math.round(penalties.stream().mapToDouble(Double::doubleValue).sum());
        long capTenths = Tenths.of(weights.frictionCap());
        boolean scaled = uncapped > capTenths;
        long[] parts = Tenths.apportion(penalties, Math.min(uncapped, capTenths));
        List<Factor> factors = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            String kind = kinds.get(i);
            List<FrictionInput> ofKind = byKind.get(kind);
            String detail = frictionDetail(kind, ofKind.size(), scaled);
            List<String> evidence = distinct(ofKind.stream().flatMap(signal -> signal.touchpointIds().stream()));
            optionalFactor("friction." + kind, -Tenths.toPoints(parts[i]), evidence, detail).ifPresent(factors::add);
        }
        return factors;
    }

    private String frictionDetail(String kind, int count, boolean scaled) {
        String detail = count + " " + kind.replace('_', ' ') + (count == 1 ? " signal" : " signals");
        return scaled ? detail + ", scaled so that friction costs at most " + Texts.points(weights.frictionCap())
                : detail;
    }

    private Optional<Factor> satisfaction(List<TouchpointInput> touchpoints) {
        Optional<TouchpointInput> csat = latest(touchpoints, t -> t.csat() != null);
        Optional<TouchpointInput> nps = latest(touchpoints, t -> t.nps() != null);
        if (csat.isEmpty() && nps.isEmpty()) {
            return Optional.empty();
        }
        double points = csat.map(t -> (t.csat() - weights.csatNeutral()) * weights.csatPointsPerStep()).orElse(0.0)
                + nps.map(t -> (t.nps() - weights.npsNeutral()) * weights.npsPointsPerStep()).orElse(0.0);
        double cap = weights.satisfactionCap();
        List<String> details = new ArrayList<>();
        csat.ifPresent(t -> details.add("CSAT " + t.csat()));
        nps.ifPresent(t -> details.add("NPS " + t.nps()));
        List<String> evidence = ids(Stream.concat(csat.stream(), nps.stream()).sorted(TIME_ORDER));
        return optionalFactor("satisfaction", Math.clamp(points, -cap, cap), evidence, String.join(", ", details));
    }

    private Optional<Factor> sentiment(List<TouchpointInput> touchpoints) {
        List<TouchpointInput> withSentiment = touchpoints.stream().filter(t -> t.sentiment() != null).toList();
        if (withSentiment.isEmpty()) {
            return Optional.empty();
        }
        double mean = withSentiment.stream().mapToDouble(TouchpointInput::sentiment).average().orElse(0);
        String detail = String.format(Locale.ROOT, "Mean sentiment %.2f over %d touchpoints", mean,
                withSentiment.size());
        return optionalFactor("sentiment", mean * weights.sentimentScale(), ids(withSentiment.stream()), detail);
    }

    private static List<String> failureEvidence(JourneyInput journey) {
        return distinct(journey.friction().stream()
                .filter(signal -> signal.kind().equals(FAILURE_EVENT))
                .flatMap(signal -> signal.touchpointIds().stream()));
    }

    private static List<String> lastId(List<TouchpointInput> touchpoints) {
        return touchpoints.isEmpty() ? List.of() : List.of(touchpoints.getLast().id());
    }

    private static List<String> channelChanges(List<TouchpointInput> touchpoints) {
        List<TouchpointInput> sides = new ArrayList<>();
        for (int i = 1; i < touchpoints.size(); i++) {
            if (!touchpoints.get(i).channel().equalsIgnoreCase(touchpoints.get(i - 1).channel())) {
                sides.add(touchpoints.get(i - 1));
                sides.add(touchpoints.get(i));
            }
        }
        return ids(sides.stream());
    }

    private static Optional<TouchpointInput> latest(List<TouchpointInput> touchpoints,
            Predicate<TouchpointInput> carries) {
        return touchpoints.stream().filter(carries).reduce((earlier, later) -> later);
    }

    private static List<String> ids(Stream<TouchpointInput> touchpoints) {
        return distinct(touchpoints.map(TouchpointInput::id));
    }

    private static List<String> distinct(Stream<String> ids) {
        return List.copyOf(ids.collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    private static Factor factor(String name, double points, List<String> evidence, String detail) {
        return new Factor(name, Tenths.toPoints(Tenths.of(points)), evidence, detail);
    }

    private static Optional<Factor> optionalFactor(String name, double points, List<String> evidence, String detail) {
        Factor factor = factor(name, points, evidence, detail);
        return factor.points() == 0 ? Optional.empty() : Optional.of(factor);
    }

    private record DurationOverrun(double points, Duration actual, List<TouchpointInput> late) {
        static final DurationOverrun NONE = new DurationOverrun(0, Duration.ZERO, List.of());
    }
}
