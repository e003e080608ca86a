package io.cjm.evaluation;

import io.cjm.journey.domain.TouchpointFact;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates support journeys whose experience quality is known. Each customer has a latent
 * quality q in [0, 1]; the worse it is, the more the customer must contact the company again
 * (on the same or another channel), the longer they wait, the more often they are transferred
 * or escalated from a bot, the more negative they sound, the less likely the case is solved,
 * and the lower they rate it when asked. Whether they churn follows q through a logistic
 * curve: about 95% at q = 0, 38% at q = 0.5 and 2% at q = 1, in line with the customer-effort
 * research (high-effort service experiences turn most customers disloyal, low-effort ones
 * very few). Seeded, so a run is repeatable.
 */
public final class SyntheticSupportCustomers {

    /** One customer: the latent quality, whether they churned, and their touchpoints. */
    public record Customer(String id, double quality, boolean churned, List<TouchpointFact> touchpoints) {
    }

    private static final List<String> ASSISTED = List.of("phone", "chat", "email");
    private static final Instant EPOCH = Instant.parse("2026-01-05T08:00:00Z");

    private final Random random;

    public SyntheticSupportCustomers(long seed) {
        this.random = new Random(seed);
    }

    public List<Customer> generate(int count) {
        List<Customer> customers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            customers.add(customer("c" + i, EPOCH.plus(Duration.ofMinutes(17L * i))));
        }
        return customers;
    }

    /** When every generated journey has ended or timed out. */
    public static Instant evaluationTime(int count) {
        return EPOCH.plus(Duration.ofMinutes(17L * count)).plus(Duration.ofDays(60));
    }

    private Customer customer(String id, Instant start) {
        double q = random.nextDouble();
        String caseId = "case-" + id;
        List<TouchpointFact> tps = new ArrayList<>();
        Instant t = start;
        String channel = random.nextDouble() < 0.5 ? "bot" : pick(ASSISTED);
        tps.add(fact(id, tps.size(), "Case Opened", channel, t, caseId, sentiment(q), null, null));
        if (channel.equals("bot")) {
            t = t.plus(Duration.ofMinutes(2 + random.nextInt(10)));
            if (random.nextDouble() < 1 - q) {
                tps.add(fact(id, tps.size(), "Bot Escalated", "bot", t, caseId, sentiment(q), null, null));
            }
            channel = pick(ASSISTED);
            t = t.plus(Duration.ofMinutes(5));
            tps.add(contact(id, tps.size(), channel, t, caseId, q));
        }
        int repeats = poisson(3.0 * (1 - q));
        for (int r = 0; r < repeats; r++) {
            t = t.plus(Duration.ofMinutes(120 + random.nextInt(1080)));
            if (random.nextDouble() < 0.6 * (1 - q)) {
                channel = pick(ASSISTED);
            }
            tps.add(contact(id, tps.size(), channel, t, caseId, q));
            if (channel.equals("phone") && random.nextDouble() < 0.7 * (1 - q)) {
                t = t.plus(Duration.ofMinutes(4));
                tps.add(fact(id, tps.size(), "Call Transferred", "phone", t, caseId, sentiment(q), null, null));
            }
        }
        t = t.plus(Duration.ofHours(1 + random.nextInt(20)));
        double solved = 0.3 + 0.65 * q;
        double roll = random.nextDouble();
        if (roll < solved) {
            tps.add(fact(id, tps.size(), "Case Resolved", channel, t, caseId, null, null, null));
        } else if (roll < solved + (1 - solved) / 2) {
            tps.add(fact(id, tps.size(), "Case Closed Unresolved", channel, t, caseId, null, null, null));
        }
        if (random.nextDouble() < 0.4) {
            int csat = (int) Math.max(1, Math.min(5, Math.round(1 + 4 * q + random.nextGaussian() * 0.7)));
            tps.add(fact(id, tps.size(), "Survey Completed", "email", t.plus(Duration.ofHours(2)), null, null, csat,
                    null));
        }
        double churnLogit = 3.0 - 7.0 * q;
        boolean churned = random.nextDouble() < 1 / (1 + Math.exp(-churnLogit));
        return new Customer(id, q, churned, tps);
    }

    private TouchpointFact contact(String id, int n, String channel, Instant t, String caseId, double q) {
        Integer wait = channel.equals("phone") || channel.equals("chat")
                ? (int) Math.round(-Math.log(1 - random.nextDouble()) * (60 + 900 * (1 - q)))
                : null;
        String type = switch (channel) {
            case "phone" -> "Call Started";
            case "chat" -> "Live Chat Conversation Started";
            default -> "Support Email Received";
        };
        return new TouchpointFact(id + "-" + n, type, channel, t, "inbound", Map.of("caseId", caseId),
                sentiment(q), null, null, wait, null, false);
    }

    private TouchpointFact fact(String id, int n, String type, String channel, Instant t, String caseId,
            Double sentiment, Integer csat, Integer nps) {
        return new TouchpointFact(id + "-" + n, type, channel, t, "inbound",
                caseId == null ? Map.of() : Map.of("caseId", caseId), sentiment, csat, nps, null, null, false);
    }

    private Double sentiment(double q) {
        double s = 1.4 * q - 0.7 + random.nextGaussian() * 0.35;
        return Math.max(-1, Math.min(1, Math.round(s * 100) / 100.0));
    }

    private int poisson(double lambda) {
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
