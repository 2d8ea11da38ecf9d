package io.github.s3drreplicator.config;

/** A setting that is unknown, missing or has a value it does not take: the service does not start. */
public class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(String message) {
        super(message);
    }
}
