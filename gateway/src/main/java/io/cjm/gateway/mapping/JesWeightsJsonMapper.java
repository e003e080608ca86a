package io.cjm.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.gateway.rest.model.JesWeightsBody;
import io.cjm.gateway.rest.model.JourneyTypeWeightsBody;
import io.cjm.proto.scoring.v1.JesWeights;
import io.cjm.proto.scoring.v1.JourneyTypeWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ObjDoubleConsumer;

/**
 * JES weights between REST JSON and the scoring contract. Reading a PUT body reports every
 * field that is not a number, and every unknown field; the ranges are scoring-service's, which
 * names each weight out of range (mapped back by {@link #restField}).
 */
public final class JesWeightsJsonMapper {

    /** The weights read, and the errors found reading them (the value is only usable without errors). */
    public record Parsed(JesWeights weights, List<FieldErrorBody> errors) {
    }

    /** The body's number fields and how each is set on the contract's message. */
    private static final Map<String, ObjDoubleConsumer<JesWeights.Builder>> NUMBERS = numbers();
    static final String KIND_PENALTIES = "frictionKindPenalties";

    private JesWeightsJsonMapper() {
    }

    private static Map<String, ObjDoubleConsumer<JesWeights.Builder>> numbers() {
        Map<String, ObjDoubleConsumer<JesWeights.Builder>> m = new TreeMap<>();
        m.put("base", JesWeights.Builder::setBase);
        m.put("completedPoints", JesWeights.Builder::setCompletedPoints);
        m.put("failedPoints", JesWeights.Builder::setFailedPoints);
        m.put("abandonedPoints", JesWeights.Builder::setAbandonedPoints);
        m.put("openPoints", JesWeights.Builder::setOpenPoints);
        m.put("extraTouchpointPenalty", JesWeights.Builder::setExtraTouchpointPenalty);
        m.put("extraTouchpointCap", JesWeights.Builder::setExtraTouchpointCap);
        m.put("overDurationPenalty", JesWeights.Builder::setOverDurationPenalty);
        m.put("farOverDurationPenalty", JesWeights.Builder::setFarOverDurationPenalty);
        m.put("handoffPenalty", JesWeights.Builder::setHandoffPenalty);
        m.put("handoffCap", JesWeights.Builder::setHandoffCap);
        m.put("frictionSignalPenalty", JesWeights.Builder::setFrictionSignalPenalty);
        m.put("frictionCap", JesWeights.Builder::setFrictionCap);
        m.put("csatNeutral", JesWeights.Builder::setCsatNeutral);
        m.put("csatPointsPerStep", JesWeights.Builder::setCsatPointsPerStep);
        m.put("npsNeutral", JesWeights.Builder::setNpsNeutral);
        m.put("npsPointsPerStep", JesWeights.Builder::setNpsPointsPerStep);
        m.put("satisfactionCap", JesWeights.Builder::setSatisfactionCap);
        m.put("sentimentScale", JesWeights.Builder::setSentimentScale);
        return Map.copyOf(m);
    }

    /** A PUT body: an object of numbers (null counts as left out), frictionKindPenalties an object of numbers. */
    public static Parsed weights(JsonNode node) {
        List<FieldErrorBody> errors = new ArrayList<>();
        JesWeights.Builder b = JesWeights.newBuilder();
        if (!node.isObject()) {
            errors.add(new FieldErrorBody("", "the body must be a JSON object"));
            return new Parsed(null, errors);
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (name.equals(KIND_PENALTIES)) {
                if (!value.isObject()) {
                    errors.add(new FieldErrorBody(name, "must be an object of friction kind to penalty"));
                    continue;
                }
                for (Map.Entry<String, JsonNode> kind : value.properties()) {
                    if (kind.getValue().isNumber()) {
                        b.putFrictionKindPenalties(kind.getKey(), kind.getValue().doubleValue());
                    } else {
                        errors.add(new FieldErrorBody(name + "[" + kind.getKey() + "]", "must be a number"));
                    }
                }
            } else if (!NUMBERS.containsKey(name)) {
                errors.add(new FieldErrorBody(name, "unknown field"));
            } else if (!value.isNumber()) {
                errors.add(new FieldErrorBody(name, "must be a number"));
            } else {
                NUMBERS.get(name).accept(b, value.doubleValue());
            }
        }
        return new Parsed(errors.isEmpty() ? b.build() : null, errors);
    }

    /**
     * scoring-service's field ({@code weights.handoff_penalty},
     * {@code weights.friction_kind_penalties[long_wait]}, {@code journey_type}) as the REST
     * field ({@code handoffPenalty}, {@code frictionKindPenalties[long_wait]}, {@code journeyType}).
     */
    public static String restField(String protoField) {
        String f = protoField.startsWith("weights.") ? protoField.substring("weights.".length()) : protoField;
        int bracket = f.indexOf('[');
        return bracket < 0 ? GrpcFieldErrors.camelCase(f)
                : GrpcFieldErrors.camelCase(f.substring(0, bracket)) + f.substring(bracket);
    }

    public static JesWeightsBody body(JesWeights w) {
        return new JesWeightsBody(w.getBase(), w.getCompletedPoints(), w.getFailedPoints(), w.getAbandonedPoints(),
                w.getOpenPoints(), w.getExtraTouchpointPenalty(), w.getExtraTouchpointCap(),
                w.getOverDurationPenalty(), w.getFarOverDurationPenalty(), w.getHandoffPenalty(), w.getHandoffCap(),
                w.getFrictionSignalPenalty(), new TreeMap<>(w.getFrictionKindPenaltiesMap()), w.getFrictionCap(),
                w.getCsatNeutral(), w.getCsatPointsPerStep(), w.getNpsNeutral(), w.getNpsPointsPerStep(),
                w.getSatisfactionCap(), w.getSentimentScale());
    }

    public static JourneyTypeWeightsBody body(JourneyTypeWeights w, Integer rescoring) {
        return new JourneyTypeWeightsBody(w.getJourneyType(), w.getRevision(), w.getModelVersion(),
                w.hasUpdatedAt() ? ApiMapper.time(w.getUpdatedAt()) : null, body(w.getWeights()), rescoring);
    }
}
