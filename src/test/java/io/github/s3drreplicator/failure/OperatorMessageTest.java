package io.github.s3drreplicator.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import io.github.s3drreplicator.config.InvalidSettingException;
import io.github.s3drreplicator.failure.OperatorMessage.Kind;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sts.model.StsException;

class OperatorMessageTest {

    private static final String TYPO = "invalid settings: replicator.delete.breaker.max-per-minut names no setting"
            + " (did you mean replicator.delete.breaker.max-per-minute?)";

    /** What the SDK's default chain says when no provider has credentials, trimmed. */
    private static final String CHAIN = "Unable to load credentials from any of the providers in the chain"
            + " AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(),"
            + " EnvironmentVariableCredentialsProvider(), WebIdentityTokenFileCredentialsProvider(),"
            + " ProfileCredentialsProvider(profileName=default, profileFile=ProfileFile(sections=[])),"
            + " ContainerCredentialsProvider(), InstanceProfileCredentialsProvider()]) : [...]";

    static Stream<Arguments> failures() {
        InvalidSettingException typo = new InvalidSettingException(TYPO);
        return Stream.of(
                Arguments.of("a bad setting", typo, Kind.SETTING, TYPO),
                Arguments.of("a bad setting in Camel's bean post-processing error",
                        new RuntimeCamelException("Error during post processing of bean: "
                                + "io.github.s3drreplicator.ReplicatorConfiguration@45be7cd5",
                                new InvocationTargetException(typo)), Kind.SETTING, TYPO),
                Arguments.of("no credentials in the chain", SdkClientException.create(CHAIN), Kind.CREDENTIALS,
                        String.format(OperatorMessage.NO_CREDENTIALS)),
                Arguments.of("no credentials, wrapped by Camel",
                        new RuntimeCamelException(new IllegalStateException("cannot list",
                                SdkClientException.create(CHAIN))), Kind.CREDENTIALS,
                        String.format(OperatorMessage.NO_CREDENTIALS)),
                Arguments.of("an expired token, S3", aws(S3Exception.builder(), "ExpiredToken", 400),
                        Kind.CREDENTIALS, String.format(OperatorMessage.EXPIRED, "ExpiredToken")),
                Arguments.of("an expired token, SQS", aws(SqsException.builder(), "ExpiredToken", 403),
                        Kind.CREDENTIALS, String.format(OperatorMessage.EXPIRED, "ExpiredToken")),
                Arguments.of("an expired web identity token, STS in the credentials provider",
                        SdkClientException.create("Unable to assume role",
                                aws(StsException.builder(), "ExpiredTokenException", 400)),
                        Kind.CREDENTIALS, String.format(OperatorMessage.EXPIRED, "ExpiredTokenException")),
                Arguments.of("a malformed session token", aws(S3Exception.builder(), "InvalidToken", 400),
                        Kind.CREDENTIALS, String.format(OperatorMessage.INVALID_TOKEN, "InvalidToken")),
                Arguments.of("an access key AWS does not know, S3",
                        aws(S3Exception.builder(), "InvalidAccessKeyId", 403), Kind.CREDENTIALS,
                        String.format(OperatorMessage.UNKNOWN_KEY, "InvalidAccessKeyId")),
                Arguments.of("an access key AWS does not know, SQS",
                        aws(SqsException.builder(), "InvalidClientTokenId", 403), Kind.CREDENTIALS,
                        String.format(OperatorMessage.UNKNOWN_KEY, "InvalidClientTokenId")),
                Arguments.of("a secret key of another access key",
                        new ExecutionException(aws(S3Exception.builder(), "SignatureDoesNotMatch", 403)),
                        Kind.CREDENTIALS, String.format(OperatorMessage.WRONG_SECRET, "SignatureDoesNotMatch")),
                Arguments.of("access denied is not about credentials",
                        aws(S3Exception.builder(), "AccessDenied", 403), Kind.OTHER,
                        "AccessDenied says no (Service: S3, Status Code: 403, Request ID: null)"),
                Arguments.of("a failure of ours, wrapped by Camel",
                        new CamelExecutionException("Exception occurred during execution", null,
                                new IllegalArgumentException("no bucket pair is named 'logs'")),
                        Kind.OTHER, "no bucket pair is named 'logs'"),
                Arguments.of("no connection", SdkClientException.create("Unable to execute HTTP request: Connect to"
                        + " 127.0.0.1:1 failed: Connection refused"), Kind.OTHER,
                        "Unable to execute HTTP request: Connect to 127.0.0.1:1 failed: Connection refused"),
                Arguments.of("a message of several lines", new IllegalStateException("first\nsecond"), Kind.OTHER,
                        "first"),
                Arguments.of("no message at all", new NullPointerException(), Kind.OTHER, "NullPointerException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aFailureIsSaidAsAnOperatorReadsIt(String what, Throwable failure, Kind kind, String text) {
        OperatorMessage message = OperatorMessage.of(failure);

        assertThat(message.kind()).isEqualTo(kind);
        assertThat(message.text()).isEqualTo(text);
        assertThat(message.text().lines()).as("one line, or two: what is wrong, what to do").hasSizeBetween(1, 2);
        assertThat(message.text()).as("no class names, no hash codes, no provider chain")
                .doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z]").doesNotContain("@45be7cd5", "CredentialsProvider");
        assertThat(message.needsTheOperator()).isEqualTo(kind != Kind.OTHER);
    }

    @Test
    void aTwoLineMessageFitsOnOneLineForALog() {
        assertThat(OperatorMessage.of(SdkClientException.create(CHAIN)).oneLine())
                .startsWith("Unable to locate AWS credentials. Configure them as for the AWS CLI")
                .doesNotContain("\n");
    }

    private static AwsServiceException aws(AwsServiceException.Builder builder, String code, int status) {
        return builder.message(code + " says no").statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " says no")
                        .serviceName(builder instanceof S3Exception.Builder ? "S3" : "other").build())
                .build();
    }
}
