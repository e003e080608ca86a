package io.cjm.journey.domain;

import java.time.Duration;
import java.util.List;

/**
 * The journey maps every tenant starts with. They understand the Segment e-commerce event
 * names and common contact-center and lifecycle events, so data from existing tools forms
 * journeys on day one.
 *
 * <p>Expected effort is what a smooth journey takes; JES charges effort beyond it:
 * <ul>
 *   <li>{@code purchase}: 6 touchpoints in 1 day (search, view, add, cart, checkout, order)</li>
 *   <li>{@code support}: 3 touchpoints in 2 days (contact, one assisted exchange, resolution)</li>
 *   <li>{@code refund}: 4 touchpoints in 7 days (request, return received, approval, refund)</li>
 *   <li>{@code onboarding}: 6 touchpoints in 3 days (sign-up, verification, setup steps, done)</li>
 *   <li>{@code plan_change}: 3 touchpoints in 2 days (request, offer, change)</li>
 * </ul>
 *
 * <p>Business values rank journeys when choosing which to fix first, on a 0 to 100 scale:
 * purchase 100 (direct revenue), plan change 80 (retention of recurring revenue),
 * onboarding 70 (activation), support 60 and refund 40 (cost to serve and goodwill).
 */
public final class DefaultCatalogue {

    /** The correlation keys every default journey understands. */
    public static final List<String> CORRELATION_KEYS = List.of("caseId", "orderId");

    private static final int VERSION = 1;

    private DefaultCatalogue() {
    }

    /** The default journey definitions, in catalogue order (which decides ties on entry). */
    public static List<JourneyDefinition> definitions() {
        return List.of(purchase(), support(), refund(), onboarding(), planChange());
    }

    private static JourneyDefinition purchase() {
        return new JourneyDefinition("purchase", "Purchase", Category.PURCHASE, VERSION,
                List.of("Products Searched", "Product Viewed", "Product Added", "Cart Viewed", "Checkout Started"),
                List.of(
                        new Stage("browse", List.of("Products Searched", "Product List Viewed", "Product Viewed")),
                        new Stage("cart", List.of("Product Added", "Product Removed", "Cart Viewed")),
                        new Stage("checkout", List.of("Checkout Started", "Checkout Step Completed",
                                "Payment Info Entered"))),
                List.of("Order Completed"),
                List.of("Payment Failed", "Checkout Failed"),
                Duration.ofDays(3), CORRELATION_KEYS, 6, Duration.ofDays(1), 100);
    }

    private static JourneyDefinition support() {
        return new JourneyDefinition("support", "Customer support", Category.SUPPORT, VERSION,
                List.of("Case Opened", "Call Started", "Live Chat Conversation Started", "Support Email Received",
                        "Message Received"),
                List.of(
                        new Stage("contact", List.of("Case Opened", "Support Email Received", "Message Received")),
                        new Stage("assisted", List.of("Call Started", "Call Completed", "Call Transferred",
                                "Live Chat Conversation Started", "Live Chat Message Sent", "Bot Escalated")),
                        new Stage("resolution", List.of("Case Updated", "Callback Scheduled"))),
                List.of("Case Resolved"),
                List.of("Case Closed Unresolved"),
                Duration.ofDays(14), CORRELATION_KEYS, 3, Duration.ofDays(2), 60);
    }

    private static JourneyDefinition refund() {
        return new JourneyDefinition("refund", "Refund or return", Category.BILLING, VERSION,
                List.of("Refund Requested", "Return Requested"),
                List.of(
                        new Stage("request", List.of("Refund Requested", "Return Requested")),
                        new Stage("review", List.of("Refund Approved", "Return Received"))),
                List.of("Order Refunded"),
                List.of("Refund Rejected"),
                Duration.ofDays(21), CORRELATION_KEYS, 4, Duration.ofDays(7), 40);
    }

    private static JourneyDefinition onboarding() {
        return new JourneyDefinition("onboarding", "Onboarding", Category.SETUP, VERSION,
                List.of("Signed Up", "Account Created"),
                List.of(
                        new Stage("account", List.of("Signed Up", "Account Created", "Email Verified")),
                        new Stage("setup", List.of("Profile Completed", "Device Activated", "Tutorial Completed"))),
                List.of("Onboarding Completed"),
                List.of("Onboarding Failed"),
                Duration.ofDays(30), CORRELATION_KEYS, 6, Duration.ofDays(3), 70);
    }

    private static JourneyDefinition planChange() {
        return new JourneyDefinition("plan_change", "Plan change", Category.RETENTION, VERSION,
                List.of("Plan Change Requested", "Subscription Change Started"),
                List.of(
                        new Stage("request", List.of("Plan Change Requested", "Subscription Change Started")),
                        new Stage("offer", List.of("Retention Offer Presented", "Retention Offer Accepted"))),
                List.of("Plan Changed"),
                List.of("Subscription Cancelled"),
                Duration.ofDays(14), CORRELATION_KEYS, 3, Duration.ofDays(2), 80);
    }
}
