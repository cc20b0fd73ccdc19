package com.repairsync.server;

/** A setting is missing or invalid; the message names the flag and environment variable. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
