package io.cjm.journey.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DefaultCatalogueTest {

    private final Map<String, JourneyDefinition> byKey = DefaultCatalogue.definitions().stream()
            .collect(Collectors.toMap(JourneyDefinition::key, Function.identity()));

    @Test
    void holdsTheFiveMapsInCatalogueOrder() {
        assertEquals(List.of("purchase", "support", "refund", "onboarding", "plan_change"),
                DefaultCatalogue.definitions().stream().map(JourneyDefinition::key).toList());
    }

    @Test
    void categoriesAndTimeoutsFollowTheTable() {
        assertEquals(Category.PURCHASE, byKey.get("purchase").category());
        assertEquals(Category.SUPPORT, byKey.get("support").category());
        assertEquals(Category.BILLING, byKey.get("refund").category());
        assertEquals(Category.SETUP, byKey.get("onboarding").category());
        assertEquals(Category.RETENTION, byKey.get("plan_change").category());
        assertEquals(Duration.ofDays(3), byKey.get("purchase").inactivityTimeout());
        assertEquals(Duration.ofDays(14), byKey.get("support").inactivityTimeout());
        assertEquals(Duration.ofDays(21), byKey.get("refund").inactivityTimeout());
        assertEquals(Duration.ofDays(30), byKey.get("onboarding").inactivityTimeout());
        assertEquals(Duration.ofDays(14), byKey.get("plan_change").inactivityTimeout());
    }

    @Test
    void purchaseStagesAreOrderedBrowseCartCheckout() {
        JourneyDefinition purchase = byKey.get("purchase");
        assertEquals(List.of("browse", "cart", "checkout"), purchase.stages().stream().map(Stage::name).toList());
        assertEquals(List.of("Order Completed"), purchase.goalPatterns());
        assertEquals(List.of("Payment Failed", "Checkout Failed"), purchase.failurePatterns());
        assertEquals(6, purchase.expectedTouchpoints());
        assertEquals(Duration.ofDays(1), purchase.expectedDuration());
    }

    @Test
    void everyMapIsVersionOneAndCorrelatesOnCaseAndOrder() {
        for (JourneyDefinition definition : DefaultCatalogue.definitions()) {
            assertEquals(1, definition.version(), definition.key());
            assertEquals(List.of("caseId", "orderId"), definition.correlationKeys(), definition.key());
            assertTrue(definition.businessValue() > 0, definition.key());
            assertTrue(definition.expectedTouchpoints() > 0, definition.key());
        }
    }

    @Test
    void theCatalogueCannotBeChangedByCallers() {
        assertThrows(UnsupportedOperationException.class,
                () -> DefaultCatalogue.definitions().getFirst().entryPatterns().add("Page Viewed"));
    }

    @Test
    void wireNamesAreLowerCase() {
        assertEquals("retention", Category.RETENTION.wireName());
        assertEquals(Category.BILLING, Category.fromWireName("Billing"));
        assertEquals("abandoned", JourneyStatus.ABANDONED.wireName());
    }
}
