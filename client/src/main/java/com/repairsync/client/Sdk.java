package com.repairsync.client;

/** This SDK's version, as its jar names it ("dev" when run from classes, as in tests). */
public final class Sdk {
    /** The SDK's version, sent to the server with every request for the owner's view of devices. */
    public static final String VERSION = version();

    private Sdk() {}

    private static String version() {
        String version = Sdk.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "dev" : version;
    }
}
