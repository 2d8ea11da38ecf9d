package io.github.s3drreplicator.failure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.github.s3drreplicator.config.InvalidSettingException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * A failure as an operator should read it: what is wrong and what to do, in a line or two, without class names, hash
 * codes or the SDK's account of every credentials provider it tried. The failure may be wrapped any number of times
 * (Camel wraps a bad setting in a bean post-processing error, an SDK failure in its own exceptions): the cause that
 * says most is found wherever it is in the chain.
 *
 * @param kind what the operator has to fix
 * @param text one line, or two: what is wrong, then what to do
 */
public record OperatorMessage(Kind kind, String text) {

    /** What the operator has to fix. */
    public enum Kind {
        /** a {@code replicator.*} setting: its key and what it allows */
        SETTING,
        /** AWS credentials: missing, expired, or not AWS's */
        CREDENTIALS,
        /** anything else: the failure's own message */
        OTHER
    }

    // the AWS CLI's way of saying it, with what this program reads credentials from (the SDK's default chain)
    static final String NO_CREDENTIALS = "Unable to locate AWS credentials.%n"
            + "Configure them as for the AWS CLI (aws configure, AWS_PROFILE, or AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY), or run where a role provides them (IRSA, an instance or task role).";
    static final String EXPIRED = "The AWS credentials have expired (%s: the security token included in the request"
            + " is expired).%nGet fresh ones (aws sso login, or assume the role again) and run it again.";
    static final String INVALID_TOKEN = "AWS refused the session token in use (%s: it is malformed or otherwise"
            + " invalid).%nGet fresh credentials (aws sso login, or assume the role again) and run it again.";
    static final String UNKNOWN_KEY = "AWS does not know the access key in use (%s).%n"
            + "Check AWS_ACCESS_KEY_ID or the profile in use; aws sts get-caller-identity shows which key that is.";
    static final String WRONG_SECRET = "AWS refused the request's signature (%s): the secret access key does not"
            + " belong to the access key.%nCheck AWS_SECRET_ACCESS_KEY or the profile in use.";

    private static final Set<String> EXPIRED_CODES = Set.of("ExpiredToken", "ExpiredTokenException");
    private static final Set<String> INVALID_TOKEN_CODES = Set.of("InvalidToken");
    private static final Set<String> UNKNOWN_KEY_CODES = Set.of("InvalidAccessKeyId", "InvalidClientTokenId",
            "UnrecognizedClientException");
    private static final Set<String> WRONG_SECRET_CODES = Set.of("SignatureDoesNotMatch");

    /** The SDK's default chain says this when no provider had credentials. */
    private static final String CHAIN_FOUND_NONE = "Unable to load credentials";

    public static OperatorMessage of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException invalid) {
                return new OperatorMessage(Kind.SETTING, invalid.getMessage());
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            OperatorMessage credentials = credentials(cause);
            if (credentials != null) {
                return credentials;
            }
        }
        return new OperatorMessage(Kind.OTHER, ownMessage(failure));
    }

    /** The text on one line, for a log line. */
    public String oneLine() {
        return String.join(" ", text.lines().toList());
    }

    /** Whether a person must fix something before it is tried again: a setting or the credentials. */
    public boolean needsTheOperator() {
        return kind != Kind.OTHER;
    }

    private static OperatorMessage credentials(Throwable cause) {
        if (cause instanceof SdkClientException && cause.getMessage() != null
                && cause.getMessage().startsWith(CHAIN_FOUND_NONE)) {
            return new OperatorMessage(Kind.CREDENTIALS, String.format(NO_CREDENTIALS));
        }
        if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            String code = service.awsErrorDetails().errorCode();
            String text = EXPIRED_CODES.contains(code) ? EXPIRED : INVALID_TOKEN_CODES.contains(code) ? INVALID_TOKEN
                    : UNKNOWN_KEY_CODES.contains(code) ? UNKNOWN_KEY : WRONG_SECRET_CODES.contains(code) ? WRONG_SECRET
                    : null;
            if (text != null) {
                return new OperatorMessage(Kind.CREDENTIALS, String.format(text, code));
            }
        }
        return null;
    }

    /**
     * The message of the first cause that is not a mere wrapper (Camel's, reflection's, an executor's), on one line;
     * the kind of failure where it has no message.
     */
    private static String ownMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause && isWrapper(cause)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message).strip();
    }

    private static boolean isWrapper(Throwable failure) {
        return failure.getClass().getName().startsWith("org.apache.camel.")
                || failure instanceof InvocationTargetException || failure instanceof UndeclaredThrowableException
                || failure instanceof ExecutionException || failure instanceof CompletionException;
    }
}
