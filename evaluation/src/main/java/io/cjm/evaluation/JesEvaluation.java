package io.cjm.evaluation;

import io.cjm.evaluation.SyntheticSupportCustomers.Customer;
import io.cjm.journey.domain.AssembledJourney;
import io.cjm.journey.domain.DefaultCatalogue;
import io.cjm.journey.domain.FrictionThresholds;
import io.cjm.journey.domain.JourneyAssembler;
import io.cjm.journey.domain.JourneyDefinition;
import io.cjm.journey.domain.TouchpointFact;
import io.cjm.scoring.domain.FrictionInput;
import io.cjm.scoring.domain.JesModel;
import io.cjm.scoring.domain.JesWeights;
import io.cjm.scoring.domain.JourneyInput;
import io.cjm.scoring.domain.TouchpointInput;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Is the JES meaningful? Generates customers with a known latent experience quality and a
 * churn outcome that follows it, runs their touchpoints through the real journey assembly
 * and the real JES model, and measures how well JES ranks journeys like the latent quality
 * (Spearman) and predicts retention (AUC).
 *
 * <p>Run: {@code ./mvnw -q -pl evaluation -am install -DskipTests && java -cp ... io.cjm.evaluation.JesEvaluation}
 * or through its test, which prints the same line.
 */
public final class JesEvaluation {

    /** The figures of one run. */
    public record Result(int customers, int journeys, double spearman, double retentionAuc, double churnRate,
            double oracleAuc) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "customers=%d journeys=%d spearman(JES, latent quality)=%.3f AUC(JES -> retained)=%.3f "
                            + "churn=%.1f%% (ceiling: AUC of the latent quality itself=%.3f)",
                    customers, journeys, spearman, retentionAuc, churnRate * 100, oracleAuc);
        }
    }

    private JesEvaluation() {
    }

    public static Result run(int customers, long seed) {
        List<Customer> generated = new SyntheticSupportCustomers(seed).generate(customers);
        Instant now = SyntheticSupportCustomers.evaluationTime(customers);
        List<JourneyDefinition> definitions = DefaultCatalogue.definitions();
        Map<String, JourneyDefinition> byKey = definitions.stream()
                .collect(Collectors.toMap(JourneyDefinition::key, Function.identity()));
        JourneyAssembler assembler = new JourneyAssembler(definitions, FrictionThresholds.defaults());
        JesModel model = new JesModel(JesWeights.defaults());

        double[] jes = new double[generated.size()];
        double[] quality = new double[generated.size()];
        boolean[] retained = new boolean[generated.size()];
        int journeys = 0;
        for (int i = 0; i < generated.size(); i++) {
            Customer c = generated.get(i);
            List<AssembledJourney> assembled = assembler.assemble("eval", c.touchpoints(), now);
            journeys += assembled.size();
            AssembledJourney journey = assembled.getFirst();
            jes[i] = model.score(input(journey, c.touchpoints(), byKey.get(journey.definitionKey()))).score();
            quality[i] = c.quality();
            retained[i] = !c.churned();
        }
        long churned = generated.stream().filter(Customer::churned).count();
        return new Result(generated.size(), journeys, Statistics.spearman(jes, quality),
                Statistics.auc(jes, retained), churned / (double) generated.size(), Statistics.auc(quality, retained));
    }

    /** The journey as scoring-service receives it from journey-service. */
    static JourneyInput input(AssembledJourney j, List<TouchpointFact> all, JourneyDefinition definition) {
        Map<String, TouchpointFact> byId = all.stream().collect(Collectors.toMap(TouchpointFact::id, t -> t));
        List<TouchpointInput> touchpoints = j.touchpointIds().stream().map(byId::get)
                .map(t -> new TouchpointInput(t.id(), t.channel(), t.occurredAt(), t.sentiment(), t.csat(), t.nps()))
                .toList();
        List<FrictionInput> friction = j.friction().stream()
                .map(f -> new FrictionInput(f.kind(), f.touchpointIds())).toList();
        return new JourneyInput(j.id(), j.definitionKey(), j.status().name().toLowerCase(Locale.ROOT), j.stage(),
                j.startedAt(), j.lastActivityAt(), touchpoints, j.handoffs().size(), friction,
                definition.expectedTouchpoints(), definition.expectedDuration());
    }

    public static void main(String[] args) {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        System.out.println(run(customers, seed));
    }
}
