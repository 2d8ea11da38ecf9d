package io.github.s3drreplicator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.config.ShippedPolicies;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The check LeastPrivilegeIT makes, on one call it records: {@code audit --repair} marking a kept copy on a versioned
 * DR tags the version it saw, which needs {@code s3:PutObjectVersionTagging}. The shipped audit-repair policy allows
 * it (config/ and the template); the plain audit policy does not, and the report says so, naming action, call and
 * policy.
 */
class AccessReportTest {

    private static final String OPERATOR = "arn:aws:iam::123456789012:role/operator";
    private static final Map<String, String> DEPLOYMENT = Map.of("ACCOUNT_ID", "123456789012",
            "SOURCE_REGION", "us-east-1", "SOURCE_BUCKET", "prod-bucket", "TARGET_REGION", "us-east-2",
            "TARGET_BUCKET", "dr-bucket", "STATE_BUCKET", "s3-dr-replicator-state", "ROLE_NAME", "s3-dr-replicator",
            "QUEUE_NAME", "prod-bucket-events", "DLQ_NAME", "prod-bucket-events-dlq",
            "HELD_QUEUE_NAME", "prod-bucket-events-held-deletes");

    private static final SdkActionRecorder.Call MARK_A_VERSION = new SdkActionRecorder.Call("operator",
            "S3.PutObjectTagging", RequiredActions.of(PutObjectTaggingRequest.builder().bucket("dr-bucket")
                    .key("kept.txt").versionId("v1").tagging(t -> t.tagSet(Tag.builder()
                            .key("replicator-deleted-at").value("2026-12-07T00:00:00Z").build())).build(),
                    "us-east-2", "123456789012"));

    @Test
    void markingAVersionInDrIsGrantedByTheAuditRepairPolicyInBothForms() {
        assertThat(MARK_A_VERSION.needs()).contains(List.of(
                Permission.object("s3:PutObjectVersionTagging", "dr-bucket", "kept.txt")));
        assertThat(new AccessReport().check(List.of(MARK_A_VERSION), List.of(
                access("config/audit-repair-policy.json",
                        ShippedPolicies.file("audit-repair-policy.json", DEPLOYMENT)),
                access("the template's AuditRepairPolicy", ShippedPolicies.template("AuditRepairPolicy",
                        Map.of("Side", "dr"), DEPLOYMENT))))).isEmpty();
    }

    @Test
    void aMissingGrantIsNamedWithItsCallAndPolicy() {
        assertThat(new AccessReport().check(List.of(MARK_A_VERSION), List.of(
                access("config/audit-policy.json", ShippedPolicies.file("audit-policy.json", DEPLOYMENT)))))
                .containsExactly("s3:PutObjectVersionTagging on arn:aws:s3:::dr-bucket/… (S3.PutObjectTagging), not"
                        + " allowed by config/audit-policy.json [config/audit-policy.json]:"
                        + " arn:aws:s3:::dr-bucket/kept.txt");
    }

    @Test
    void aCallTheTableDoesNotKnowIsReportedNotPassed() {
        SdkActionRecorder.Call unknown = new SdkActionRecorder.Call("operator", "S3.SelectObjectContent",
                Optional.empty());
        assertThat(new AccessReport().check(List.of(unknown), List.of(access("config/audit-policy.json",
                ShippedPolicies.file("audit-policy.json", DEPLOYMENT))))).singleElement().asString()
                .startsWith("S3.SelectObjectContent: an operation RequiredActions does not know");
    }

    private static Access access(String name, JsonNode document) {
        return new Access(name, OPERATOR, List.of(Policy.of(name, document)), Map.of());
    }
}
