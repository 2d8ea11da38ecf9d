package io.github.s3drreplicator.guarantee;

import io.github.s3drreplicator.config.InvalidSettingException;

/**
 * A guarantee the replicator needs is missing and its risk was not accepted: the service does not start (exit status
 * 2, as for a setting it does not take), and the message names what is missing and the setting that accepts it.
 */
public class GuaranteeMissingException extends InvalidSettingException {

    public GuaranteeMissingException(String message) {
        super(message);
    }
}
