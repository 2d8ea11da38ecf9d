package io.github.s3drreplicator.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy evaluator, for the subset of IAM's policy language config/ uses. */
class PolicyTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/s3-dr-replicator";
    private static final String OPERATOR = "arn:aws:iam::123456789012:role/operator";

    private static final Policy ROLE_POLICY = policy("""
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::dr-bucket"},
              {"Sid": "Write", "Effect": "Allow", "Action": ["s3:PutObject", "s3:Get*"],
               "Resource": "arn:aws:s3:::dr-bucket/*"},
              {"Sid": "NoVersionTags", "Effect": "Deny", "Action": "s3:GetObjectVersion*",
               "Resource": "arn:aws:s3:::dr-bucket/secret/*"}]}""");

    private static final Policy BUCKET_POLICY = policy("""
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "OnlyTheRole", "Effect": "Deny", "Principal": "*",
               "NotAction": ["s3:GetBucketPolicy", "s3:PutBucketPolicy"],
               "Resource": ["arn:aws:s3:::state", "arn:aws:s3:::state/*"],
               "Condition": {"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/s3-dr-replicator"}}},
              {"Sid": "NoDeleteBucket", "Effect": "Deny",
               "Principal": {"AWS": "arn:aws:iam::123456789012:role/s3-dr-replicator"},
               "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::state"},
              {"Sid": "Tls", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
               "Resource": ["arn:aws:s3:::state", "arn:aws:s3:::state/*"],
               "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}""");

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource({
            "s3:ListBucket, arn:aws:s3:::dr-bucket, ALLOW",
            "s3:ListBucket, arn:aws:s3:::dr-bucket/k, NOT_ALLOWED",
            "s3:listbucket, arn:aws:s3:::dr-bucket, ALLOW",
            "s3:ListBucketVersions, arn:aws:s3:::dr-bucket, NOT_ALLOWED",
            "s3:PutObject, arn:aws:s3:::dr-bucket/a/b c, ALLOW",
            "s3:PutObject, arn:aws:s3:::dr-bucket-other/k, NOT_ALLOWED",
            "s3:GetObjectTagging, arn:aws:s3:::dr-bucket/k, ALLOW",
            "s3:GetObjectVersion, arn:aws:s3:::dr-bucket/k, ALLOW",
            "s3:GetObjectVersion, arn:aws:s3:::dr-bucket/secret/k, DENY",
            "s3:GetObjectVersionTagging, arn:aws:s3:::dr-bucket/secret/k, DENY",
            "s3:GetObject, arn:aws:s3:::dr-bucket/secret/k, ALLOW",
            "s3:PutObjectTagging, arn:aws:s3:::dr-bucket/k, NOT_ALLOWED",
    })
    void actionsAndResourcesMatchWithWildcardsAndAnExplicitDenyWins(String action, String resource,
                                                                      Policy.Decision expected) {
        assertThat(ROLE_POLICY.decide(request(ROLE, action, resource))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1} on {2}: {3}")
    @CsvSource({
            // everyone but the role is denied all but managing the policy
            "operator, s3:GetObject, arn:aws:s3:::state/k, DENY",
            "operator, s3:GetBucketPolicy, arn:aws:s3:::state, NOT_ALLOWED",
            "role, s3:GetObject, arn:aws:s3:::state/k, NOT_ALLOWED",
            // a Deny naming the role applies to it alone
            "role, s3:DeleteBucket, arn:aws:s3:::state, DENY",
            // requests over TLS are not refused by the TLS deny
            "role, s3:PutObject, arn:aws:s3:::state/k, NOT_ALLOWED",
    })
    void principalsAndConditionsDecideWhichStatementsApply(String who, String action, String resource,
                                                           Policy.Decision expected) {
        assertThat(BUCKET_POLICY.decide(request(who.equals("role") ? ROLE : OPERATOR, action, resource)))
                .isEqualTo(expected);
    }

    @Test
    void aDenyOfTheBucketPolicyRefusesWhatTheRolePolicyAllows() {
        Policy rolePolicy = policy("""
                {"Statement": [{"Sid": "All", "Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteBucket"],
                  "Resource": ["arn:aws:s3:::state", "arn:aws:s3:::state/*"]}]}""");
        Access access = new Access("test", ROLE, List.of(rolePolicy), Map.of("state", BUCKET_POLICY));

        assertThat(access.refusal(new Permission("s3:PutObject", "arn:aws:s3:::state/k"))).isEmpty();
        assertThat(access.refusal(new Permission("s3:DeleteBucket", "arn:aws:s3:::state")))
                .contains("denied by bucket (NoDeleteBucket)");
        assertThat(access.refusal(new Permission("s3:GetObject", "arn:aws:s3:::state/k")))
                .contains("not allowed by test");
        assertThat(access.grantsUsed(new Permission("s3:PutObject", "arn:aws:s3:::state/k")))
                .containsExactly(new Access.Grant("test", 0, 0, 1));
    }

    @Test
    void aConditionOperatorOutsideTheSubsetIsAnErrorNotAGuess() {
        Policy odd = policy("""
                {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                  "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}""");
        assertThatThrownBy(() -> odd.decide(request(ROLE, "s3:GetObject", "arn:aws:s3:::x/k")))
                .hasMessageContaining("IpAddress");
    }

    private static Policy.Request request(String principal, String action, String resource) {
        return new Policy.Request(principal, new Permission(action, resource),
                Map.of("aws:SecureTransport", "true", "aws:PrincipalArn", principal));
    }

    private static Policy policy(String json) {
        try {
            JsonNode document = new ObjectMapper().readTree(json);
            return Policy.of(document.path("Statement").path(0).has("Principal") ? "bucket" : "test", document);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
