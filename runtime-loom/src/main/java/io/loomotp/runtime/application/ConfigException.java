package io.loomotp.runtime.application;

import io.loomotp.runtime.OtpException;

/** A configuration value is missing, or is not of the type asked; the message says where it was looked for. */
public final class ConfigException extends OtpException {
    public ConfigException(String message) {
        super(message);
    }
}
