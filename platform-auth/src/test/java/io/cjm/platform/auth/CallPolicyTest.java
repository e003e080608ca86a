package io.cjm.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallPolicyTest {

    private static final Caller SERVICE = new Caller("service-account-cjm-services", null, Set.of("cjm-service"));
    private static final Caller ACME_ANALYTICS = new Caller("service-account-acme-analytics", "acme", Set.of("scores-read"));
    private static final Caller ACME_WRITER = new Caller("service-account-acme-analytics", "acme",
            Set.of("scores-read", "scores-write"));
    private static final Caller ACME_WRITE_ONLY = new Caller("x", "acme", Set.of("scores-write"));
    private static final Caller ACME_INGEST = new Caller("service-account-acme-ingest", "acme",
            Set.of("touchpoints-write", "journeys-read"));

    /** Messages shaped like the suite's: built from descriptors, as the services' generated classes are. */
    private static final Descriptor SCORE_REQUEST = message("GetJourneyScoreRequest",
            field("tenant_id", 1, FieldDescriptorProto.Type.TYPE_STRING),
            field("journey_id", 2, FieldDescriptorProto.Type.TYPE_STRING));
    private static final Descriptor NEW_RPC_REQUEST = message("StreamScoresRequest",
            field("journey_type", 1, FieldDescriptorProto.Type.TYPE_STRING),
            field("tenant_id", 7, FieldDescriptorProto.Type.TYPE_STRING));
    private static final Descriptor NO_TENANT = message("AuthenticateWriteKeyRequest",
            field("write_key", 1, FieldDescriptorProto.Type.TYPE_STRING));
    private static final Descriptor NUMERIC_TENANT = message("OddRequest",
            field("tenant_id", 1, FieldDescriptorProto.Type.TYPE_INT64));

    @Test
    void theTenantIsReadThroughTheDescriptorWhateverTheFieldsNumber() {
        assertThat(CallPolicy.tenantOf(request(SCORE_REQUEST, "acme"))).isEqualTo("acme");
        assertThat(CallPolicy.tenantOf(request(NEW_RPC_REQUEST, "globex"))).isEqualTo("globex");
    }

    @Test
    void aMessageWithoutAStringTenantIdHasNoTenant() {
        assertThat(CallPolicy.tenantOf(DynamicMessage.newBuilder(NO_TENANT).build())).isNull();
        assertThat(CallPolicy.tenantOf(DynamicMessage.newBuilder(NUMERIC_TENANT).build())).isNull();
        assertThat(CallPolicy.tenantOf(Timestamp.getDefaultInstance())).isNull();
        assertThat(CallPolicy.tenantOf("not a protobuf message")).isNull();
    }

    @Test
    void theSuitesServicesMaySendAnyTenantAndMessagesWithoutOne() {
        assertThat(CallPolicy.checkMessage(SERVICE, request(SCORE_REQUEST, "acme"))).isNull();
        assertThat(CallPolicy.checkMessage(SERVICE, request(SCORE_REQUEST, "globex"))).isNull();
        assertThat(CallPolicy.checkMessage(SERVICE, DynamicMessage.newBuilder(NO_TENANT).build())).isNull();
    }

    @Test
    void aTenantBoundCallerMaySendOnlyItsOwnTenant() {
        assertThat(CallPolicy.checkMessage(ACME_ANALYTICS, request(SCORE_REQUEST, "acme"))).isNull();
        assertThat(CallPolicy.checkMessage(ACME_ANALYTICS, request(NEW_RPC_REQUEST, "acme"))).isNull();

        assertThat(code(CallPolicy.checkMessage(ACME_ANALYTICS, request(SCORE_REQUEST, "globex"))))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(CallPolicy.checkMessage(ACME_ANALYTICS, request(SCORE_REQUEST, ""))))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(CallPolicy.checkMessage(ACME_ANALYTICS, request(SCORE_REQUEST, "ACME"))))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void aTenantBoundCallerMayNotSendAMessageThatNamesNoTenant() {
        assertThat(code(CallPolicy.checkMessage(ACME_ANALYTICS, DynamicMessage.newBuilder(NO_TENANT).build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void theSuitesServicesMayCallEveryMethod() {
        for (String method : new String[] {"cjm.identity.v1.IdentityService/Resolve",
                "cjm.scoring.v1.ScoringService/ScoreJourney", "cjm.touchpoint.v1.TouchpointService/Capture",
                "cjm.identity.v1.IdentityService/AuthenticateWriteKey"}) {
            assertThat(CallPolicy.checkMethod(SERVICE, method)).as(method).isNull();
        }
    }

    @Test
    void aTenantBoundScoresReaderMayCallOnlyScoringsReadMethods() {
        assertThat(CallPolicy.checkMethod(ACME_ANALYTICS, "cjm.scoring.v1.ScoringService/GetJourneyScore")).isNull();
        assertThat(CallPolicy.checkMethod(ACME_ANALYTICS, "cjm.scoring.v1.ScoringService/ListScoreSeries")).isNull();
        assertThat(CallPolicy.checkMethod(ACME_ANALYTICS, "cjm.scoring.v1.ScoringService/StreamScores")).isNull();

        for (String method : new String[] {"cjm.scoring.v1.ScoringService/ScoreJourney",
                "cjm.scoring.v1.ScoringService/ScoreJourneyBatch", "cjm.scoring.v1.ScoringService/DeleteJourneyScores", "cjm.scoring.v1.ScoringService/SetWeights",
                "cjm.identity.v1.IdentityService/GetProfile", "cjm.journey.v1.JourneyService/GetJourney",
                "cjm.touchpoint.v1.TouchpointService/GetPipelineStats",
                "cjm.scoring.v2.ScoringService/GetJourneyScore"}) {
            assertThat(code(CallPolicy.checkMethod(ACME_ANALYTICS, method))).as(method)
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
        }
    }

    @Test
    void aTenantBoundScoresWriterMayScoreButNotDeleteNorSetWeightsNorCallOtherServices() {
        assertThat(CallPolicy.checkMethod(ACME_WRITER, "cjm.scoring.v1.ScoringService/ScoreJourney")).isNull();
        assertThat(CallPolicy.checkMethod(ACME_WRITER, "cjm.scoring.v1.ScoringService/ScoreJourneys")).isNull();
        assertThat(CallPolicy.checkMethod(ACME_WRITER, "cjm.scoring.v1.ScoringService/ScoreJourneyBatch")).isNull();
        assertThat(CallPolicy.checkMethod(ACME_WRITER, "cjm.scoring.v1.ScoringService/GetJourneyScore")).isNull();

        for (String method : new String[] {"cjm.scoring.v1.ScoringService/DeleteJourneyScores",
                "cjm.scoring.v1.ScoringService/UpdateWeights", "cjm.scoring.v1.ScoringService/SetWeights",
                "cjm.scoring.v1.ScoringService/ScoreJourneysFast", "cjm.scoring.v2.ScoringService/ScoreJourney",
                "cjm.journey.v1.JourneyService/Apply", "cjm.journey.v1.JourneyService/RescoreJourneys",
                "cjm.identity.v1.IdentityService/Resolve", "cjm.touchpoint.v1.TouchpointService/Capture"}) {
            assertThat(code(CallPolicy.checkMethod(ACME_WRITER, method))).as(method)
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
        }
    }

    @Test
    void theTwoTenantRolesAreIndependent() {
        // scores-read alone cannot score...
        assertThat(code(CallPolicy.checkMethod(ACME_ANALYTICS, "cjm.scoring.v1.ScoringService/ScoreJourneys")))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        // ...and scores-write alone cannot read.
        assertThat(CallPolicy.checkMethod(ACME_WRITE_ONLY, "cjm.scoring.v1.ScoringService/ScoreJourney")).isNull();
        assertThat(code(CallPolicy.checkMethod(ACME_WRITE_ONLY, "cjm.scoring.v1.ScoringService/GetJourneyScore")))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        Caller writerWithoutTenant = new Caller("x", " ", Set.of("scores-write"));
        assertThat(code(CallPolicy.checkMethod(writerWithoutTenant, "cjm.scoring.v1.ScoringService/ScoreJourney")))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void aScoresWritersMessagesMustNameItsOwnTenant() {
        assertThat(CallPolicy.checkMessage(ACME_WRITER, request(SCORE_REQUEST, "acme"))).isNull();
        assertThat(code(CallPolicy.checkMessage(ACME_WRITER, request(SCORE_REQUEST, "globex"))))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void onlyScoreJourneysChecksItsTenantPerItemInTheService() {
        assertThat(CallPolicy.isItemChecked("cjm.scoring.v1.ScoringService/ScoreJourneys")).isTrue();
        assertThat(CallPolicy.isItemChecked("cjm.scoring.v1.ScoringService/ScoreJourney")).isFalse();
        // One tenant per call: the interceptor checks it before the service sees the batch.
        assertThat(CallPolicy.isItemChecked("cjm.scoring.v1.ScoringService/ScoreJourneyBatch")).isFalse();
        assertThat(CallPolicy.isItemChecked("cjm.scoring.v1.ScoringService/WatchScores")).isFalse();
    }

    @Test
    void aMessageOfAnUnknownCallerIsRefused() {
        assertThat(code(CallPolicy.checkMessage(null, request(SCORE_REQUEST, "acme"))))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(CallPolicy.checkMessage(Caller.AUTHENTICATION_OFF, request(SCORE_REQUEST, "globex"))).isNull();
    }

    @Test
    void aValidTokenWithNeitherRoleGetsNothing() {
        assertThat(code(CallPolicy.checkMethod(ACME_INGEST, "cjm.scoring.v1.ScoringService/GetJourneyScore")))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        Caller readerWithoutTenant = new Caller("x", null, Set.of("scores-read"));
        assertThat(code(CallPolicy.checkMethod(readerWithoutTenant, "cjm.scoring.v1.ScoringService/GetJourneyScore")))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void onlyTheGrpcHealthServiceIsOpen() {
        assertThat(CallPolicy.isOpen("grpc.health.v1.Health/Check")).isTrue();
        assertThat(CallPolicy.isOpen("cjm.scoring.v1.ScoringService/GetJourneyScore")).isFalse();
        assertThat(CallPolicy.isOpen("grpc.reflection.v1.ServerReflection/ServerReflectionInfo")).isFalse();
    }

    @Test
    void theBearerTokenIsTakenFromTheAuthorizationHeader() {
        assertThat(CallPolicy.bearerToken("Bearer abc.def.ghi")).isEqualTo("abc.def.ghi");
        assertThat(CallPolicy.bearerToken("bearer abc")).isEqualTo("abc");
        assertThat(CallPolicy.bearerToken(null)).isNull();
        assertThat(CallPolicy.bearerToken("Basic dXNlcjpwdw==")).isNull();
        assertThat(CallPolicy.bearerToken("Bearer   ")).isNull();
    }

    private static Status.Code code(Status status) {
        return status == null ? null : status.getCode();
    }

    private static DynamicMessage request(Descriptor type, String tenant) {
        return DynamicMessage.newBuilder(type).setField(type.findFieldByName("tenant_id"), tenant).build();
    }

    private static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).build();
    }

    private static Descriptor message(String name, FieldDescriptorProto... fields) {
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName(name + ".proto").setPackage("test.v1")
                .setSyntax("proto3")
                .addMessageType(DescriptorProto.newBuilder().setName(name).addAllField(java.util.List.of(fields)))
                .build();
        try {
            return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName(name);
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }
}
