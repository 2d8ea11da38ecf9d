package io.github.s3drreplicator.iam;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;

/**
 * Records, while a test has armed it, every S3 and SQS call any AWS SDK client of this JVM sends: who sent it (the
 * access key it is signed with), the operation, and the IAM actions it needs ({@link RequiredActions}). Registered
 * for every client as a global interceptor by the test classpath's
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}, so the clients the product builds
 * ({@code AwsClientSettings}) carry it unchanged; it never reaches the product's classpath. Unarmed it does nothing.
 *
 * <p>Each attempt is recorded once it is signed, just before it is sent: a call refused or failed still needed its
 * permission, and the signature names the caller, which keeps the test's own clients and the sandbox's apart. A read
 * that S3 answers with 404 is recorded once more, with what that answer needs ({@link RequiredActions#ofMissing}).
 */
public final class SdkActionRecorder implements ExecutionInterceptor {

    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/]+)/");
    private static final ExecutionAttribute<String> CALLER = new ExecutionAttribute<>("SdkActionRecorder.caller");
    private static volatile Recording armed;

    /** One call: its caller's access key, its operation ({@code S3.CopyObject}), what it needs. */
    public record Call(String accessKeyId, String operation, Optional<List<Permission>> needs) {
    }

    /** What was recorded between {@link #arm} and {@link #close}. */
    public static final class Recording implements AutoCloseable {

        private final String callerAccount;
        private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

        private Recording(String callerAccount) {
            this.callerAccount = callerAccount;
        }

        /** The calls signed with this access key, in the order they were sent. */
        public List<Call> callsOf(String accessKeyId) {
            synchronized (calls) {
                return calls.stream().filter(call -> call.accessKeyId().equals(accessKeyId)).toList();
            }
        }

        @Override
        public void close() {
            synchronized (SdkActionRecorder.class) {
                if (armed == this) {
                    armed = null;
                }
            }
        }
    }

    /**
     * Starts recording. One recording at a time.
     *
     * @param callerAccount the account a queue named without its owner is looked up in
     */
    public static Recording arm(String callerAccount) {
        synchronized (SdkActionRecorder.class) {
            if (armed != null) {
                throw new IllegalStateException("a recording is already armed");
            }
            armed = new Recording(callerAccount);
            return armed;
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Recording recording = armed;
        if (recording == null) {
            return;
        }
        String accessKeyId = context.httpRequest().firstMatchingHeader("Authorization")
                .map(ACCESS_KEY::matcher).filter(Matcher::find).map(matcher -> matcher.group(1))
                .orElse("(unsigned)");
        attributes.putAttribute(CALLER, accessKeyId);
        Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
        Optional<List<Permission>> needs;
        try {
            needs = RequiredActions.of(context.request(), region == null ? "(no region)" : region.id(),
                    recording.callerAccount);
        } catch (RuntimeException e) {
            // never the product's call that fails: a request the table cannot read is reported as unknown
            needs = Optional.empty();
        }
        recording.calls.add(new Call(accessKeyId, operation(attributes), needs));
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Recording recording = armed;
        String accessKeyId = attributes.getAttribute(CALLER);
        if (recording == null || accessKeyId == null || !(context.exception() instanceof SdkServiceException e)
                || e.statusCode() != 404) {
            return;
        }
        RequiredActions.ofMissing(context.request()).ifPresent(needs -> recording.calls.add(new Call(accessKeyId,
                operation(attributes) + " answered 404", Optional.of(needs))));
    }

    private static String operation(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }
}
