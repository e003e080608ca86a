package io.cjm.platform.auth;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.Status;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an authenticated caller may do over gRPC. Pure decisions, no I/O, so that they can be
 * tested one by one:
 * <ul>
 * <li>the suite's own services ({@link Caller#SERVICE_ROLE}) may call every method for any tenant;</li>
 * <li>a tenant-bound internal-team client (a tenant claim) may call scoring.v1's read methods
 * ({@link #TENANT_READ_METHODS}) with {@link Caller#SCORES_READ_ROLE}, and scoring.v1's scoring methods
 * ({@link #TENANT_WRITE_METHODS}) with {@link Caller#SCORES_WRITE_ROLE}; every message it sends must name its
 * own tenant in {@code tenant_id};</li>
 * <li>anybody else with a valid token is refused (PERMISSION_DENIED).</li>
 * </ul>
 * The roles are independent: an internal team that scores and reads has both.
 */
public final class CallPolicy {

    /**
     * The methods a tenant-bound caller may call: scoring.v1's reads, by verb, so that a read rpc added to
     * ScoringService later (Get..., List..., Stream..., Watch...) is covered without a change here, while
     * writes (ScoreJourney, DeleteJourneyScores, anything that sets weights) stay with the suite's services.
     */
    public static final Pattern TENANT_READ_METHODS =
            Pattern.compile("cjm\\.scoring\\.v1\\.ScoringService/(Get|List|Stream|Watch)[A-Za-z0-9]*");

    /** scoring.v1's ScoreJourney (unary). */
    public static final String SCORE_JOURNEY = "cjm.scoring.v1.ScoringService/ScoreJourney";
    /** scoring.v1's ScoreJourneys (bidirectional stream, one answer per request, in order). */
    public static final String SCORE_JOURNEYS = "cjm.scoring.v1.ScoringService/ScoreJourneys";
    /** scoring.v1's ScoreJourneyBatch (unary, the journeys of one tenant, one answer each). */
    public static final String SCORE_JOURNEY_BATCH = "cjm.scoring.v1.ScoringService/ScoreJourneyBatch";

    /**
     * The methods a tenant-bound caller with {@link Caller#SCORES_WRITE_ROLE} may call: scoring its own
     * journeys. Named one by one rather than by verb, so that a write added later (weights, deletes) stays
     * with the suite's services until it is added here.
     */
    public static final Set<String> TENANT_WRITE_METHODS = Set.of(SCORE_JOURNEY, SCORE_JOURNEYS, SCORE_JOURNEY_BATCH);

    /**
     * Streaming methods that answer every request on its own, in order, with an error per request that
     * fails (ScoreJourneys answers a {@code ScoreError}). For these the interceptor lets a tenant-bound
     * caller's messages through and the service refuses a message for another tenant as that request's
     * error, with {@link #checkMessage} and {@link Caller#current()}, so that the stream goes on and every
     * request keeps its answer. Every other method's messages are checked by the interceptor, which closes
     * the call on the first message for another tenant.
     */
    public static final Set<String> ITEM_CHECKED_METHODS = Set.of(SCORE_JOURNEYS);

    /** The field every tenant-scoped request message carries. */
    public static final String TENANT_FIELD = "tenant_id";

    private CallPolicy() {
    }

    /**
     * Methods open without a token: the standard gRPC health service, which tells nothing about any
     * tenant (probes use HTTP /q/health, which is open as well).
     */
    public static boolean isOpen(String fullMethodName) {
        return fullMethodName.startsWith("grpc.health.v1.Health/");
    }

    /** The token of an {@code authorization: Bearer <token>} header, or null. */
    public static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    /** Null when {@code caller} may call {@code fullMethodName}, else the status to close the call with. */
    public static Status checkMethod(Caller caller, String fullMethodName) {
        if (caller.isService()) {
            return null;
        }
        boolean reads = caller.roles().contains(Caller.SCORES_READ_ROLE);
        boolean writes = caller.roles().contains(Caller.SCORES_WRITE_ROLE);
        if (!(reads || writes) || caller.tenant() == null || caller.tenant().isBlank()) {
            return Status.PERMISSION_DENIED.withDescription("the token grants no gRPC access to this suite");
        }
        if (reads && TENANT_READ_METHODS.matcher(fullMethodName).matches()) {
            return null;
        }
        if (writes && TENANT_WRITE_METHODS.contains(fullMethodName)) {
            return null;
        }
        String allowed = reads && writes ? "scoring.v1's read methods, ScoreJourney and ScoreJourneys"
                : reads ? "scoring.v1's read methods" : "scoring.v1's ScoreJourney and ScoreJourneys";
        return Status.PERMISSION_DENIED.withDescription(
                "this tenant's client may call only " + allowed + ", not " + fullMethodName);
    }

    /**
     * Whether the service, not the interceptor, checks the tenant of each message of {@code fullMethodName}
     * (see {@link #ITEM_CHECKED_METHODS}).
     */
    public static boolean isItemChecked(String fullMethodName) {
        return ITEM_CHECKED_METHODS.contains(fullMethodName);
    }

    /**
     * Null when {@code caller} may send {@code message}, else the status to close the call with. The suite's
     * services may send anything; a tenant-bound caller only messages whose {@code tenant_id} is its tenant.
     * A message without a {@code tenant_id} field cannot be scoped to a tenant, so a tenant-bound caller may
     * not send it.
     */
    public static Status checkMessage(Caller caller, Object message) {
        if (caller == null) {
            // Fail closed: a service that asks outside a call the interceptor let through trusts nobody.
            return Status.PERMISSION_DENIED.withDescription("the caller of this call is not known");
        }
        if (caller.isService()) {
            return null;
        }
        String tenant = tenantOf(message);
        if (tenant == null) {
            return Status.PERMISSION_DENIED.withDescription("the request names no tenant_id");
        }
        if (!tenant.equals(caller.tenant())) {
            // Not NOT_FOUND: the caller names a tenant outright, and its token says it is not that one.
            return Status.PERMISSION_DENIED.withDescription("tenant_id is not the token's tenant");
        }
        return null;
    }

    /**
     * The {@code tenant_id} of a protobuf message, read through its descriptor so that it works for every
     * message, including those of rpcs added later; null when the message has no such string field.
     */
    public static String tenantOf(Object message) {
        if (!(message instanceof Message m)) {
            return null;
        }
        FieldDescriptor field = m.getDescriptorForType().findFieldByName(TENANT_FIELD);
        if (field == null || field.isRepeated() || field.getJavaType() != FieldDescriptor.JavaType.STRING) {
            return null;
        }
        return (String) m.getField(field);
    }
}
