package io.cjm.scoring.mapping;

import io.cjm.platform.grpc.Timestamps;
import io.cjm.proto.scoring.v1.JourneyTypeWeights;
import io.cjm.scoring.domain.JesWeights;
import io.cjm.scoring.domain.WeightsRevision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * JES weights between proto and domain. Reading a weights update checks every field against
 * its documented range and names each bad one as {@code weights.<proto field>}, so that one
 * INVALID_ARGUMENT lists all of them; a field left out gets its default.
 */
public final class WeightsMapper {

    /** A journey type or friction kind: what journey definition keys look like. */
    private static final Pattern KEY = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final int MAX_FRICTION_KINDS = 50;
    private static final double MAX_POINTS = 100;

    /** The weights read, or the errors ({@code field: message}) when any field is bad. */
    public record Parsed(JesWeights weights, List<String> errors) {
    }

    private WeightsMapper() {
    }

    /** Checks a journey type; null when it is fine, else the message. */
    public static String journeyTypeError(String journeyType) {
        if (journeyType == null || journeyType.isEmpty()) {
            return "required";
        }
        return KEY.matcher(journeyType).matches() ? null
                : "must be 1 to 64 lower case letters, digits, '_' or '-'";
    }

    public static Parsed fromProto(io.cjm.proto.scoring.v1.JesWeights p) {
        JesWeights d = JesWeights.defaults();
        List<String> errors = new ArrayList<>();
        Reader r = new Reader(errors);
        double base = r.read("base", p::hasBase, p::getBase, d.base(), 0, MAX_POINTS);
        double completed = r.read("completed_points", p::hasCompletedPoints, p::getCompletedPoints,
                d.completedPoints(), -MAX_POINTS, MAX_POINTS);
        double failed = r.read("failed_points", p::hasFailedPoints, p::getFailedPoints, d.failedPoints(),
                -MAX_POINTS, MAX_POINTS);
        double abandoned = r.read("abandoned_points", p::hasAbandonedPoints, p::getAbandonedPoints,
                d.abandonedPoints(), -MAX_POINTS, MAX_POINTS);
        double open = r.read("open_points", p::hasOpenPoints, p::getOpenPoints, d.openPoints(), -MAX_POINTS,
                MAX_POINTS);
        double extra = r.read("extra_touchpoint_penalty", p::hasExtraTouchpointPenalty,
                p::getExtraTouchpointPenalty, d.extraTouchpointPenalty(), 0, MAX_POINTS);
        double extraCap = r.read("extra_touchpoint_cap", p::hasExtraTouchpointCap, p::getExtraTouchpointCap,
                d.extraTouchpointCap(), 0, MAX_POINTS);
        double over = r.read("over_duration_penalty", p::hasOverDurationPenalty, p::getOverDurationPenalty,
                d.overDurationPenalty(), 0, MAX_POINTS);
        double farOver = r.read("far_over_duration_penalty", p::hasFarOverDurationPenalty,
                p::getFarOverDurationPenalty, d.farOverDurationPenalty(), 0, MAX_POINTS);
        double handoff = r.read("handoff_penalty", p::hasHandoffPenalty, p::getHandoffPenalty, d.handoffPenalty(),
                0, MAX_POINTS);
        double handoffCap = r.read("handoff_cap", p::hasHandoffCap, p::getHandoffCap, d.handoffCap(), 0,
                MAX_POINTS);
        double signal = r.read("friction_signal_penalty", p::hasFrictionSignalPenalty,
                p::getFrictionSignalPenalty, d.frictionSignalPenalty(), 0, MAX_POINTS);
        Map<String, Double> kinds = new TreeMap<>();
        if (p.getFrictionKindPenaltiesCount() == 0) {
            kinds.putAll(d.frictionKindPenalties());
        } else if (p.getFrictionKindPenaltiesCount() > MAX_FRICTION_KINDS) {
            errors.add("weights.friction_kind_penalties: at most " + MAX_FRICTION_KINDS + " kinds");
        } else {
            new TreeMap<>(p.getFrictionKindPenaltiesMap()).forEach((kind, value) -> {
                if (!KEY.matcher(kind).matches()) {
                    errors.add("weights.friction_kind_penalties[" + kind
                            + "]: a friction kind is 1 to 64 lower case letters, digits, '_' or '-'");
                } else {
                    kinds.put(kind, r.read("friction_kind_penalties[" + kind + "]", () -> true, () -> value, 0, 0,
                            MAX_POINTS));
                }
            });
        }
        double frictionCap = r.read("friction_cap", p::hasFrictionCap, p::getFrictionCap, d.frictionCap(), 0,
                MAX_POINTS);
        double csatNeutral = r.read("csat_neutral", p::hasCsatNeutral, p::getCsatNeutral, d.csatNeutral(), 1, 5);
        double csatStep = r.read("csat_points_per_step", p::hasCsatPointsPerStep, p::getCsatPointsPerStep,
                d.csatPointsPerStep(), 0, MAX_POINTS);
        double npsNeutral = r.read("nps_neutral", p::hasNpsNeutral, p::getNpsNeutral, d.npsNeutral(), 0, 10);
        double npsStep = r.read("nps_points_per_step", p::hasNpsPointsPerStep, p::getNpsPointsPerStep,
                d.npsPointsPerStep(), 0, MAX_POINTS);
        double satisfactionCap = r.read("satisfaction_cap", p::hasSatisfactionCap, p::getSatisfactionCap,
                d.satisfactionCap(), 0, MAX_POINTS);
        double sentiment = r.read("sentiment_scale", p::hasSentimentScale, p::getSentimentScale,
                d.sentimentScale(), 0, MAX_POINTS);
        if (!errors.isEmpty()) {
            return new Parsed(null, List.copyOf(errors));
        }
        return new Parsed(new JesWeights(base, completed, failed, abandoned, open, extra, extraCap, over, farOver,
                handoff, handoffCap, signal, kinds, frictionCap, csatNeutral, csatStep, npsNeutral, npsStep,
                satisfactionCap, sentiment), List.of());
    }

    public static io.cjm.proto.scoring.v1.JesWeights toProto(JesWeights w) {
        return io.cjm.proto.scoring.v1.JesWeights.newBuilder()
                .setBase(w.base()).setCompletedPoints(w.completedPoints()).setFailedPoints(w.failedPoints())
                .setAbandonedPoints(w.abandonedPoints()).setOpenPoints(w.openPoints())
                .setExtraTouchpointPenalty(w.extraTouchpointPenalty()).setExtraTouchpointCap(w.extraTouchpointCap())
                .setOverDurationPenalty(w.overDurationPenalty())
                .setFarOverDurationPenalty(w.farOverDurationPenalty())
                .setHandoffPenalty(w.handoffPenalty()).setHandoffCap(w.handoffCap())
                .setFrictionSignalPenalty(w.frictionSignalPenalty())
                .putAllFrictionKindPenalties(new TreeMap<>(w.frictionKindPenalties()))
                .setFrictionCap(w.frictionCap()).setCsatNeutral(w.csatNeutral())
                .setCsatPointsPerStep(w.csatPointsPerStep()).setNpsNeutral(w.npsNeutral())
                .setNpsPointsPerStep(w.npsPointsPerStep()).setSatisfactionCap(w.satisfactionCap())
                .setSentimentScale(w.sentimentScale())
                .build();
    }

    public static JourneyTypeWeights toProto(WeightsRevision r) {
        JourneyTypeWeights.Builder b = JourneyTypeWeights.newBuilder().setJourneyType(r.journeyType())
                .setWeights(toProto(r.weights())).setRevision(r.revision()).setModelVersion(r.modelVersion());
        if (r.updatedAt() != null) {
            b.setUpdatedAt(Timestamps.of(r.updatedAt()));
        }
        return b.build();
    }

    /** Reads optional weights, each checked against its range. */
    private record Reader(List<String> errors) {

        double read(String field, BooleanSupplier present, DoubleSupplier value, double fallback, double min,
                double max) {
            if (!present.getAsBoolean()) {
                return fallback;
            }
            double v = value.getAsDouble();
            if (!Double.isFinite(v)) {
                errors.add("weights." + field + ": must be a finite number");
            } else if (v < min || v > max) {
                errors.add("weights." + field + ": must be between " + plain(min) + " and " + plain(max));
            }
            return v;
        }

        private static String plain(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
