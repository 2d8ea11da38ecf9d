package io.github.s3drreplicator.sandbox;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The error bodies the sandbox answers itself, shaped as S3 sends them. */
final class S3Errors {

    static final String XML = "application/xml";
    static final String PRECONDITION_FAILED_MESSAGE = "At least one of the pre-conditions you specified did not hold";

    private S3Errors() {
    }

    static String wrongRegion(RegionCheck.WrongRegion refusal) {
        return error("AuthorizationHeaderMalformed", refusal.message(),
                "<Region>" + escape(refusal.bucketRegion()) + "</Region>");
    }

    static String accessDenied() {
        return error("AccessDenied", "Access Denied", "");
    }

    static String serviceUnavailable() {
        return error("ServiceUnavailable", "Service is unable to handle request.", "");
    }

    /** @param condition the header that did not hold: {@code If-Match} or {@code If-None-Match} */
    static String preconditionFailed(String condition) {
        return error("PreconditionFailed", PRECONDITION_FAILED_MESSAGE,
                "<Condition>" + escape(condition) + "</Condition>");
    }

    static String noSuchKey(String key) {
        return error("NoSuchKey", "The specified key does not exist.", "<Key>" + escape(key) + "</Key>");
    }

    static String notImplemented(String header) {
        return error("NotImplemented", "A header you provided implies functionality that is not implemented",
                "<Header>" + escape(header) + "</Header>");
    }

    /** A part number beyond the object's parts (HeadObject, GetObject with {@code ?partNumber=N}). */
    static String invalidPartNumber(int requested, int actual) {
        return error("InvalidPartNumber", "The requested partnumber is not satisfiable",
                "<PartNumberRequested>" + requested + "</PartNumberRequested><ActualPartCount>" + actual
                        + "</ActualPartCount>");
    }

    static String invalidArgument(String message, String name, String value) {
        return error("InvalidArgument", message, "<ArgumentName>" + escape(name) + "</ArgumentName><ArgumentValue>"
                + escape(value) + "</ArgumentValue>");
    }

    static String invalidRequest(String message) {
        return error("InvalidRequest", message, "");
    }

    /** What the sandbox cannot answer as S3 would, said as plainly as an S3 error can say it. */
    static String notImplementedHere(String message) {
        return error("NotImplemented", message, "");
    }

    /** One key's failure inside a DeleteObjects answer ({@code <DeleteResult><Error>...}). */
    static String deleteError(String key, String code, String message) {
        return "<Error><Key>" + escape(key) + "</Key><Code>" + code + "</Code><Message>" + escape(message)
                + "</Message></Error>";
    }

    static String requestId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong()).toUpperCase();
    }

    static String hostId() {
        return UUID.randomUUID().toString();
    }

    private static String error(String code, String message, String details) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + escape(message)
                + "</Message>" + details + "<RequestId>" + requestId() + "</RequestId><HostId>" + hostId()
                + "</HostId></Error>";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    // control characters as character references, so the answer stays one line of text
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        out.append("&#").append((int) c).append(';');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
