package io.cjm.journey.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    @Test
    void spellingsOfOneTypeNormalizeAlike() {
        List<String> spellings = List.of("Order Completed", "order_completed", "order.completed", "ORDER-COMPLETED",
                " order completed ");
        for (String spelling : spellings) {
            assertEquals("ordercompleted", EventTypes.normalize(spelling), spelling);
        }
    }

    @Test
    void namespacedTypesKeepTheirLetters() {
        assertEquals("supportcaseopened", EventTypes.normalize("support.case_opened"));
        assertEquals("", EventTypes.normalize(null));
    }

    @Test
    void matchesAnySpellingOfAPattern() {
        assertTrue(EventTypes.matches("order_completed", List.of("Checkout Started", "Order Completed")));
        assertTrue(EventTypes.matches("Case Opened", List.of("case.opened")));
        assertFalse(EventTypes.matches("Order Refunded", List.of("Order Completed")));
        assertFalse(EventTypes.matches(null, List.of("Order Completed")));
        assertFalse(EventTypes.matches("", List.of("")));
    }

    @Test
    void trailingWildcardMatchesByPrefix() {
        assertTrue(EventTypes.matches("support.case_opened", List.of("support.*")));
        assertFalse(EventTypes.matches("sales.lead_created", List.of("support.*")));
    }
}
