package io.cjm.journey.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cjm.proto.scoring.v1.JourneyFacts;
import io.cjm.proto.scoring.v1.ScoredTouchpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How journey-service cuts a batch's journeys into ScoreJourneyBatch calls. */
class ScoringClientSlicesTest {

    @Test
    void atMostTheJourneysOfACallInOrder() {
        List<JourneyFacts> journeys = journeys(1201, 0);

        List<List<JourneyFacts>> slices = ScoringClient.slices(journeys, 500, Integer.MAX_VALUE);

        assertEquals(List.of(500, 500, 201), slices.stream().map(List::size).toList());
        assertEquals(journeys, slices.stream().flatMap(List::stream).toList());
    }

    @Test
    void bigJourneysAreCutByTheirSizeLongBeforeTheCount() {
        // 200 touchpoints each: about 10 KB of facts a journey.
        List<JourneyFacts> journeys = journeys(300, 200);
        int size = journeys.getFirst().getSerializedSize();

        List<List<JourneyFacts>> slices = ScoringClient.slices(journeys, 500, ScoringClient.BATCH_BYTES);

        for (List<JourneyFacts> slice : slices) {
            long bytes = slice.stream().mapToLong(JourneyFacts::getSerializedSize).sum();
            assertEquals(true, bytes <= ScoringClient.BATCH_BYTES, bytes + " bytes in a call");
        }
        // Each call was cut where the next journey would not have fitted, far below 500 journeys.
        for (int i = 0; i < slices.size() - 1; i++) {
            long bytes = slices.get(i).stream().mapToLong(JourneyFacts::getSerializedSize).sum();
            assertEquals(true, bytes + slices.get(i + 1).getFirst().getSerializedSize() > ScoringClient.BATCH_BYTES);
        }
        assertEquals(true, slices.getFirst().size() < 500, slices.getFirst().size() + " journeys of " + size + " bytes");
        assertEquals(journeys, slices.stream().flatMap(List::stream).toList());
    }

    @Test
    void aJourneyLargerThanACallGoesAlone() {
        List<JourneyFacts> journeys = journeys(3, 50);
        int size = journeys.getFirst().getSerializedSize();

        List<List<JourneyFacts>> slices = ScoringClient.slices(journeys, 500, size - 1);

        assertEquals(List.of(1, 1, 1), slices.stream().map(List::size).toList());
    }

    private static List<JourneyFacts> journeys(int n, int touchpoints) {
        List<JourneyFacts> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JourneyFacts.Builder b = JourneyFacts.newBuilder().setJourneyId("journey-" + i).setProfileId("profile")
                    .setType("support").setStatus("open");
            for (int t = 0; t < touchpoints; t++) {
                b.addTouchpoints(ScoredTouchpoint.newBuilder().setId("touchpoint-" + i + "-" + t).setChannel("email"));
            }
            out.add(b.build());
        }
        return out;
    }
}
